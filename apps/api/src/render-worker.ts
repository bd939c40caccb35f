// Renders one report in a worker thread, so that the API can stop a rendering that takes too long.
import { parentPort, workerData } from 'node:worker_threads';
import { type ReportFormat, type ReportModel, renderReport } from '@cchc/report';

const { model, format } = workerData as { model: ReportModel; format: ReportFormat };
const output = await renderReport(model, format);
parentPort!.postMessage(output, typeof output === 'string' ? [] : [output.buffer as ArrayBuffer]);

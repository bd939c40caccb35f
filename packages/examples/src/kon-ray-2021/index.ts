import { konRay2021CommuneSet } from './commune-set.js';
import { konRay2021Communes } from './communes.js';
import { konRay2021District } from './district.js';
import { kontum2021DistrictSet } from './district-set.js';
import { KON_RAY_2021_PLAN_DEADLINE, konRay2021Tasks } from './remediation.js';
import { konRay2021Report } from './report.js';

export {
  konRay2021CommuneSet,
  konRay2021Communes,
  konRay2021District,
  konRay2021Report,
  konRay2021Tasks,
  kontum2021DistrictSet,
};

/** The whole reference report as documents: the two criteria sets and the eight assessments. */
export const konRay2021 = {
  criteriaSets: [kontum2021DistrictSet, konRay2021CommuneSet],
  district: konRay2021District,
  communes: konRay2021Communes,
  assessments: [konRay2021District, ...konRay2021Communes],
  report: konRay2021Report,
  /** Sections III and IV as a stored round keeps them: the tasks, and the deadline of the plans. */
  remediation: { tasks: konRay2021Tasks, planDeadline: KON_RAY_2021_PLAN_DEADLINE },
};

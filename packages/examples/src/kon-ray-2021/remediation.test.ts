import { scoreDocuments, unwrap } from '@cchc/core';
import {
  draftTasks,
  followUp,
  lateOnly,
  type RemediationPlan,
  type TaskReport,
} from '@cchc/core/remediation';
import { describe, expect, it } from 'vitest';
import { konRay2021 } from './index.js';

const results = unwrap(scoreDocuments(konRay2021));
const tasks = konRay2021.remediation.tasks;
const planDeadline = konRay2021.remediation.planDeadline;

const plan = (unit: string, code: string, at: string): RemediationPlan => ({
  unit,
  code,
  action: 'Khắc phục',
  status: 'planned',
  submittedAt: at,
  updatedAt: at,
  by: unit,
});

describe('followUp', () => {
  it('sorts each lost item of each unit into on time, late, missing and pending', () => {
    const plans = [
      plan('dak-koi', '1', '2022-08-12T16:59:59.999Z'),
      plan('dak-koi', '2', '2022-08-12T17:00:00.000Z'),
    ];
    const at = (instant: string) =>
      followUp({ results, tasks, plans, reports: [], planDeadline, at: new Date(instant) }).units.find(
        (unit) => unit.unit === 'dak-koi',
      )!;
    expect(at('2022-08-12T16:59:59.999Z').items.map((item) => item.state)).toEqual([
      'on-time',
      'late',
      'pending',
      'pending',
      'pending',
    ]);
    expect(at('2022-08-12T17:00:00.000Z').counts).toMatchObject({ items: 5, onTime: 1, late: 1, missing: 3 });
  });

  it('counts a task done late, overdue or open for each lead agency', () => {
    const report = (task: string, agency: string, doneAt: string | undefined): TaskReport => ({
      task,
      agency,
      status: doneAt ? 'done' : 'in-progress',
      submittedAt: '2022-09-01T00:00:00Z',
      updatedAt: doneAt ?? '2022-09-01T00:00:00Z',
      by: agency,
      doneAt,
    });
    const reports = [
      report('nhiem-vu-4', 'Phòng Nội vụ huyện', '2022-12-31T16:59:59.999Z'),
      report('nhiem-vu-6', 'Phòng Tài chính - Kế hoạch huyện', '2022-12-31T17:00:00.000Z'),
    ];
    const state = followUp({
      results,
      tasks,
      plans: [],
      reports,
      planDeadline,
      at: new Date('2022-12-01T00:00:00Z'),
    });
    const part = (agency: string, task: string) =>
      state.agencies.find((entry) => entry.agency === agency)!.tasks.find((entry) => entry.task === task)!;
    expect([
      part('Phòng Nội vụ huyện', 'nhiem-vu-4').state,
      part('Phòng Nội vụ huyện', 'nhiem-vu-4').late,
    ]).toEqual(['done', false]);
    const finance = part('Phòng Tài chính - Kế hoạch huyện', 'nhiem-vu-6');
    expect([finance.state, finance.late]).toEqual(['done', true]);
    expect(part('Phòng Nội vụ huyện', 'nhiem-vu-8').state).toBe('open');
    // The late view keeps the task done late, not the one done on time.
    const late = lateOnly(state).agencies;
    expect(
      late
        .find((entry) => entry.agency === 'Phòng Tài chính - Kế hoạch huyện')
        ?.tasks.map((task) => task.task),
    ).toEqual(['nhiem-vu-6']);
    expect(late.find((entry) => entry.agency === 'Phòng Nội vụ huyện')?.tasks ?? []).toEqual([]);
  });
});

describe('draftTasks', () => {
  it('drafts one task per area where any unit lost points, led by the agencies named for them', () => {
    const drafts = draftTasks(results, { deadline: planDeadline });
    expect(drafts.map((draft) => draft.id)).toEqual([
      'area-1',
      'area-2',
      'area-3',
      'area-4',
      'area-5',
      'area-6',
      'area-7',
      'area-8',
    ]);
    const six = drafts[5]!;
    expect(six.heading).toBe('Đối với cải cách tài chính công');
    expect(six.lead[0]).toBe('Phòng Tài chính - Kế hoạch huyện');
    expect(six.text).toContain('6.1.3');
    expect(drafts.every((draft) => draft.draft && draft.deadline === planDeadline)).toBe(true);
  });
});

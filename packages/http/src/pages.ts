import type { Hono } from 'hono';
import { mountAppraisal } from './pages/appraisal.js';
import { mountAssignments } from './pages/assignments.js';
import { type PagesEnv, type PagesOptions, pagesContext } from './pages/context.js';
import { mountCriteriaSetEditor } from './pages/criteria-set-edit.js';
import { mountCriteriaSets } from './pages/criteria-sets.js';
import { mountDashboard } from './pages/dashboard.js';
import { mountEvidence } from './pages/evidence.js';
import { mountFollowUp } from './pages/follow-up.js';
import { mountMyAccount } from './pages/my-account.js';
import { mountNotices } from './pages/notices.js';
import { mountOverview } from './pages/overview.js';
import { mountPeople } from './pages/people.js';
import { mountPublicResults } from './pages/public-results.js';
import { mountPublication } from './pages/publication.js';
import { mountRemediation } from './pages/remediation.js';
import { mountRestore } from './pages/restore.js';
import { mountRoundSetup } from './pages/round-setup.js';
import { mountSession } from './pages/session.js';
import { sheetScreens } from './pages/sheet.js';
import { mountSurvey } from './pages/survey.js';
import { mountSurveyEntry } from './pages/survey-entry.js';
import { mountSurveyForm } from './pages/survey-form.js';
import { mountSurveyRespondents } from './pages/survey-respondents.js';
import { mountUnits } from './pages/units.js';

export type { PagesOptions } from './pages/context.js';

/**
 * The officials' pages (Vietnamese), one room a screen (`pages/`): sign-in, the overview of rounds, a unit's
 * sheet of each layer, the appraisal list and a unit's results with its explanations, publication and the
 * ranking, and the follow-up. Plain forms, post/redirect/get: they work in any browser without script, and
 * every rule is the store's own (the same `Rounds`, the one access policy). A session is a signed cookie
 * that keeps the key's name, role and mark, never the key; every form carries a token tied to it (CSRF).
 */
export function mountPages<E extends PagesEnv>(app: Hono<E>, options: PagesOptions) {
  const context = pagesContext<E>(options);
  const sheets = sheetScreens(app, context);
  mountSession(app, context, sheets.sheetPage);
  mountOverview(app, context);
  mountAppraisal(app, context);
  mountDashboard(app, context);
  mountPublication(app, context);
  mountPublicResults(app, context);
  mountFollowUp(app, context);
  mountRemediation(app, context);
  mountPeople(app, context);
  mountUnits(app, context);
  mountCriteriaSets(app, context);
  mountCriteriaSetEditor(app, context);
  mountRoundSetup(app, context);
  mountRestore(app, context);
  mountAssignments(app, context);
  mountMyAccount(app, context);
  mountEvidence(app, context);
  mountNotices(app, context);
  mountSurvey(app, context);
  mountSurveyEntry(app, context);
  mountSurveyForm(app, context);
  mountSurveyRespondents(app, context);
  // Last: `/don-vi/:unit/:layer` would also match the addresses of the screens above.
  sheets.mount();
}

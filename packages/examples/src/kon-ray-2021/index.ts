import { konRay2021CommuneSet } from './commune-set.js';
import { konRay2021Communes } from './communes.js';
import { konRay2021District } from './district.js';
import { kontum2021DistrictSet } from './district-set.js';
import { konRay2021Report } from './report.js';

export {
  konRay2021CommuneSet,
  konRay2021Communes,
  konRay2021District,
  konRay2021Report,
  kontum2021DistrictSet,
};

/** The whole reference report as documents: the two criteria sets and the eight assessments. */
export const konRay2021 = {
  criteriaSets: [kontum2021DistrictSet, konRay2021CommuneSet],
  district: konRay2021District,
  communes: konRay2021Communes,
  assessments: [konRay2021District, ...konRay2021Communes],
  report: konRay2021Report,
};

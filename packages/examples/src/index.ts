export {
  konRay2021,
  konRay2021CommuneSet,
  konRay2021Communes,
  konRay2021District,
  kontum2021DistrictSet,
} from './kon-ray-2021/index.js';

export {
  konRay2021,
  konRay2021CommuneSet,
  konRay2021Communes,
  konRay2021District,
  konRay2021Report,
  konRay2021Tasks,
  kontum2021DistrictSet,
} from './kon-ray-2021/index.js';

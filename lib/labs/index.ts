/**
 * Labs for the classroom (docs/labs.md): what the CLI (`roleplay lab`), `workspace create --lab`
 * and the console's lab page call.
 */
export {
  answerPredictCard,
  applyLabSolution,
  applyLabStart,
  checkLab,
  defaultLabsDir,
  findLab,
  loadLabs,
  predictionIsRight,
  readLabDirectory,
  type LabCheckReport,
  type LabCheckResult,
  type LabDirectory,
  type LabRunOptions,
  type PredictReveal,
} from "./lab-runner";
export { labSchema, parseLabText, type Lab, type LabCheck, type LabFileProblem, type LabRequest, type LabStep, type LoadedLab, type PredictCard } from "./lab-schema";
export { describeStep, LabStepError, type StepResult } from "./lab-steps";
export type { LabAnswer, LabCheckLine, TraceLayer } from "./lab-questions";

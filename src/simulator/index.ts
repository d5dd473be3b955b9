// Simulated nodes for measuring and testing the control plane without containers.
export { SimulatedNodes, type SimulatorOptions } from './simulator.js';
export { EXIT_AFTER_ANNOTATION, EXIT_CODE_ANNOTATION } from './pod-status.js';
export { SIMULATED_LABEL } from './nodes.js';

import fc from 'fast-check';

// Property tests explore with a fixed seed so a CI run is repeatable; change it locally to explore.
fc.configureGlobal({ seed: 20261130 });

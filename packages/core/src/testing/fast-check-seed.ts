import fc from 'fast-check';

// Property tests explore with a fixed seed so a CI run is repeatable; set FAST_CHECK_SEED to
// explore elsewhere (e.g. FAST_CHECK_SEED=$RANDOM npx vitest run).
fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20261130) });

// Express 4, installed under the npm alias `express4` for the tests; typed like Express 5 (same API surface used).
declare module 'express4' {
  import express = require('express');
  export = express;
}

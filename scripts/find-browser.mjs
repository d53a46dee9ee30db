#!/usr/bin/env node
import { findChromium, HOW_TO_GET_CHROMIUM } from './browser.mjs';

const found = await findChromium();
if (!found) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}
console.log(`Browser for end-to-end tests: ${found}`);

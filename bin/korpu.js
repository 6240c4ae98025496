#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, the same loader `npm start` uses.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')

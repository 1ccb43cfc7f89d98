#!/usr/bin/env node
// The peer the bench compares with: hostile (npm, version pinned in bench/package.json).
// hostile's own CLI edits only the system hosts file (its path is the exported HOSTS), so this
// runs its library API - the same synchronous hostile.set/hostile.remove its CLI calls - on the
// file given here instead.
//
// Usage: node hostile_run.js set|remove FILE IP HOST
'use strict'
const path = require('path')
const hostile = require(path.join(__dirname, 'node_modules', 'hostile'))

const [command, file, ip, host] = process.argv.slice(2)
if (!file || !ip || !host || (command !== 'set' && command !== 'remove')) {
  console.error('usage: hostile_run.js set|remove FILE IP HOST')
  process.exit(2)
}
hostile.HOSTS = file
if (command === 'set') hostile.set(ip, host)
else hostile.remove(ip, host)

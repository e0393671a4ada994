// Run first by `npm start`, `npm test` and the CLI: on an older Node.js, say so in one line and
// what to do, instead of failing somewhere inside (native modules, Angular's build).
// Plain syntax only, so that it still parses on the old Node it warns about.
var required = 24;
var major = Number(process.versions.node.split('.')[0]);
if (major < required) {
  process.stderr.write(
    'BeraDIG needs Node.js ' + required + ' LTS or newer, but this is Node.js ' + process.version +
      ': run `source scripts/ci/ensure-node.sh` (brings Node.js ' + required +
      ' from the npm registry and rebuilds the native modules) or install Node.js ' + required + ', then run the command again.\n',
  );
  process.exit(1);
}

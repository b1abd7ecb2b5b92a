// The ssh arguments that reach a lab host as root with the lab's key and known hosts: one place
// for the tests (e2e/support/lab.ts) and the benchmarks (bench/setup.mjs, plain JavaScript).
exports.labSshArgs = (lab, host, command, connectTimeoutSeconds = 5) => [
  '-i',
  lab.sshKey,
  '-o',
  `UserKnownHostsFile=${lab.knownHosts}`,
  '-o',
  'BatchMode=yes',
  '-o',
  `ConnectTimeout=${connectTimeoutSeconds}`,
  `root@${host.address}`,
  command,
];

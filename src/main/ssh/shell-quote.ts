// Every value interpolated into a remote command goes through quote(): single quotes, with
// embedded single quotes closed, escaped and reopened. Nothing a user types can run as code.
export function quote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from a program name and its arguments, each quoted. */
export function command(program: string, ...args: string[]): string {
  return [program, ...args].map(quote).join(' ');
}

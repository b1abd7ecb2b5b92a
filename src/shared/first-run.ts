// What a newcomer's empty console can offer to get Docker hosts within minutes.

export interface FirstRunOffer {
  /** This machine's own Docker over SSH to localhost: is an SSH server listening on port 22? */
  localhost: { sshd: boolean };
  /** The lab's three Docker hosts on this machine (Linux, root, the lab script present). */
  lab: { available: boolean; reason: string | null };
}

export interface LabStartResult {
  /** Names of the lab hosts added to the environment (hosts already there are not re-added). */
  added: string[];
  /** Names of lab hosts the environment already had. */
  present: string[];
}

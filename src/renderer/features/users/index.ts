export { UsersPanel } from './UsersPanel';
export { MembersDialog } from './MembersDialog';
export { TokensPanel } from './TokensPanel';

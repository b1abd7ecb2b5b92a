export { UsersPanel } from './UsersPanel';
export { MembersDialog } from './MembersDialog';

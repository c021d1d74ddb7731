export * from './passwords';
export * from './roles';
export * from './users';
export * from './sessions';
export * from './login';
export * from './signup-throttle';
export * from './memberships';
export * from './invitations';

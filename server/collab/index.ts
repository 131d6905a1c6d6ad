// The realtime document gateway's public face: the composition root builds a CollabService and
// routes `/collab/<resumeId>` upgrades to it; the REST layer uses its live controls.
export { CollabService, type CollabServiceOptions, type CollabStats, type UpgradeDecision } from './service.ts';
export { ResumeRoom, type CollabConnection, type RoomOrigin } from './room.ts';
export { ResumeRooms, RoomLoadError, busChannel } from './rooms.ts';
export { UpdateLog } from './update-log.ts';
export { CloseCode, COLLAB_PROTOCOL_VERSION, MessageType, READ_ONLY_REASON } from './protocol.ts';

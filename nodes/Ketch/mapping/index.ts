/** The Ketch node's pure side: request references, documents and status events. */
export { MAX_JSON_DOCUMENTS_BYTES, brazeExports, documentsBytes, jsonDocument } from './documents';
export { type RequestRef, checkCallbackUrl, readRequestRef } from './request';
export { type EventOptions, type StatusEventSettings, buildStatusEvent, requestOf, statusEventOf } from './statusEvent';

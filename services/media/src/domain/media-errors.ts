import { defineErrors, tokenErrorCatalogue, type ErrorFactory } from '@lynk/common';

/** Every error the media service answers with; token errors come from common so all services share them. */
export const mediaErrorCatalogue = {
  ...tokenErrorCatalogue,
  MEDIA_NOT_FOUND: { status: 404, title: 'No such file' },
  MEDIA_NOT_ROOM_MEMBER: { status: 403, title: 'You are not a member of this room' },
  MEDIA_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  MEDIA_TYPE_NOT_ALLOWED: { status: 415, title: 'This kind of file cannot be uploaded' },
  MEDIA_TOO_LARGE: { status: 413, title: 'The file is larger than its type allows' },
  MEDIA_EMPTY: { status: 400, title: 'The file is empty' },
  MEDIA_UPLOAD_INVALID: { status: 400, title: 'Send exactly one file as multipart/form-data in the field "file"' },
  MEDIA_IMAGE_INVALID: { status: 415, title: 'The image could not be read' },
  MEDIA_RANGE_NOT_SATISFIABLE: { status: 416, title: 'The requested range is outside the file' },
  MEDIA_NO_THUMBNAIL: { status: 404, title: 'This file has no thumbnail' },
  MEDIA_ROOMS_UNAVAILABLE: { status: 503, title: 'Room membership could not be checked; try again' },
} as const;

export type MediaErrorCode = keyof typeof mediaErrorCatalogue;

export const mediaErrors: ErrorFactory<typeof mediaErrorCatalogue> = defineErrors(mediaErrorCatalogue);

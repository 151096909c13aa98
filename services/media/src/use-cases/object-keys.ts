/** Object keys are opaque: a prefix for the kind of object and the UUIDv7 it belongs to, nothing the client said. */
export const objectKeys = {
  file: (uploadId: string) => `files/${uploadId}`,
  thumbnail: (uploadId: string) => `thumbnails/${uploadId}`,
  avatar: (avatarId: string) => `avatars/${avatarId}`,
};

import { defineErrors, tokenErrorCatalogue, type ErrorFactory } from '@lynk/common';

/** Every error the notification service answers with. */
export const notificationErrorCatalogue = {
  ...tokenErrorCatalogue,
  DEVICE_NOT_FOUND: { status: 404, title: 'No such device' },
  FEED_ITEM_NOT_FOUND: { status: 404, title: 'No such notification' },
  FEED_CURSOR_INVALID: { status: 400, title: 'The feed cursor is not one this service issued' },
} as const;

export const notificationErrors: ErrorFactory<typeof notificationErrorCatalogue> = defineErrors(notificationErrorCatalogue);

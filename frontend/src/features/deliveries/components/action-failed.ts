// What a merchant sees when a delivery action is refused or fails.
import { notifications } from '@mantine/notifications';
import { errorMessage, isApiError } from '@/lib/api/errors';

/** A notification with the API's reason; 409 invalid_state and no_token are about the state. */
export function actionFailed(error: unknown) {
  const state = isApiError(error) && (error.code === 'invalid_state' || error.code === 'no_token');
  notifications.show({
    color: 'red',
    title: state ? 'Not possible in this state' : 'Action failed',
    message: errorMessage(error),
    autoClose: 10_000,
  });
}

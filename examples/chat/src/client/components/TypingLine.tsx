import type { PresenceMember } from '@wirecall/client';
import { me } from '../client.js';

/** "ada is typing…": the others in the room whose presence state says they are typing. */
export function TypingLine({
  members,
}: {
  members: readonly PresenceMember<{ typing: boolean }>[];
}) {
  const typing = members
    .filter((member) => member.state.typing && member.id !== me)
    .map((member) => member.id)
    .sort();
  const text =
    typing.length === 0
      ? ''
      : typing.length === 1
        ? `${typing[0]} is typing…`
        : `${typing.slice(0, -1).join(', ')} and ${typing.at(-1)} are typing…`;
  return (
    <p className="typing" data-testid="typing" aria-live="polite">
      {text}
    </p>
  );
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mentionList, parseMentions } from '../src/domain/mentions.ts';

const ada = '01890a5d-ac96-774b-bcce-b302099a8057';
const bob = '01890a5d-ac96-774b-bcce-b302099a8058';

describe('mentions', () => {
  it('finds member mentions by id, once each, then @room and @here', () => {
    const parsed = parseMentions(`hi <@${ada}> and <@${bob}>, <@${ada}> again @here @room`);
    assert.deepEqual(mentionList(parsed, new Set([ada, bob])), [ada, bob, 'room', 'here']);
  });

  it('drops people who are not members of the room', () => {
    assert.deepEqual(mentionList(parseMentions(`<@${ada}> <@${bob}>`), new Set([bob])), [bob]);
  });

  it('does not read mentions inside addresses, words or malformed tokens', () => {
    const parsed = parseMentions(`mail me@room.com, @roomy, x@here, <@not-an-id>, <@${ada}`);
    assert.deepEqual(mentionList(parsed, new Set([ada])), []);
  });

  it('accepts @room and @here at the end of a sentence or in brackets', () => {
    assert.deepEqual(mentionList(parseMentions('(@here) ping @room.'), new Set()), ['room', 'here']);
  });
});

package store

// The conversions of the English system notes stored before notes had
// codes [L3], run once by migration 17 (PostgreSQL 10). Each turns one
// sentence into its code and arguments, split where the arguments were; a
// sentence that matches none stays as it was and is shown as written.
// notecodes_test.go checks that every converted note reads as before.

const sqliteNoteCodes = `
UPDATE messages SET code = 'system.back', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer is back.';
UPDATE messages SET code = 'system.customer.left', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer left the chat.';
UPDATE messages SET code = 'system.customer.gone', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer left before an agent joined.';
UPDATE messages SET code = 'system.forceclosed', body = '' WHERE sender = 'system' AND code = '' AND body = 'The conversation was closed.';
UPDATE messages SET code = 'system.forceclosed.by', args = json_array(substr(body, 1, length(body) - 31)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% force-closed the conversation.' AND length(body) > 31;
UPDATE messages SET code = 'system.left', args = json_array(substr(body, 1, length(body) - 56)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% left the chat. The conversation went back to the queue.' AND length(body) > 56;
UPDATE messages SET code = 'system.parked', args = json_array(substr(body, 1, length(body) - 66)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% closed the session. The conversation is waiting for the customer.' AND length(body) > 66;
UPDATE messages SET code = 'system.joined', args = json_array(substr(body, 1, length(body) - 17)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% joined the chat.' AND length(body) > 17;
UPDATE messages SET code = 'system.ended', args = json_array(substr(body, 1, length(body) - 16)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% ended the chat.' AND length(body) > 16;
UPDATE messages SET code = 'system.closed', args = json_array(substr(body, 1, length(body) - 25)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% closed the conversation.' AND length(body) > 25;
UPDATE messages SET code = 'system.transfer.declined', args = json_array(substr(body, 1, length(body) - 23)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% declined the transfer.' AND length(body) > 23;
UPDATE messages SET code = 'system.transfer.expired', args = json_array(substr(body, 1, length(body) - 37)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% did not answer the transfer in time.' AND length(body) > 37;
UPDATE messages SET code = 'system.consult.joined', args = json_array(substr(body, 1, length(body) - 24)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% joined as a consultant.' AND length(body) > 24;
UPDATE messages SET code = 'system.consult.ended', args = json_array(substr(body, 18, length(body) - 17 - 7)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'The consult with % ended.' AND length(body) > 24;
UPDATE messages SET code = 'system.transferred.queue', args = json_array(substr(body, 1, instr(body, ' transferred the conversation to the ') - 1), substr(body, instr(body, ' transferred the conversation to the ') + 37, length(body) - instr(body, ' transferred the conversation to the ') - 37 - 7 + 1)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% transferred the conversation to the % queue.' AND instr(body, ' transferred the conversation to the ') > 1;
UPDATE messages SET code = 'system.transferred.agent', args = json_array(substr(body, 1, instr(body, ' transferred the conversation to ') - 1), substr(body, instr(body, ' transferred the conversation to ') + 33, length(body) - instr(body, ' transferred the conversation to ') - 33 - 1 + 1)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% transferred the conversation to %.' AND instr(body, ' transferred the conversation to ') > 1;
UPDATE messages SET code = 'system.assigned', args = json_array(substr(body, 1, instr(body, ' assigned the conversation to ') - 1), substr(body, instr(body, ' assigned the conversation to ') + 30, length(body) - instr(body, ' assigned the conversation to ') - 30 - 1 + 1)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% assigned the conversation to %.' AND instr(body, ' assigned the conversation to ') > 1;
UPDATE messages SET code = 'system.contact.linked', args = json_array(substr(body, 1, instr(body, ' linked this conversation to ') - 1), substr(body, instr(body, ' linked this conversation to ') + 29, length(body) - instr(body, ' linked this conversation to ') - 29 - 1 + 1)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% linked this conversation to %.' AND instr(body, ' linked this conversation to ') > 1;
UPDATE messages SET code = 'system.sms.nourl', args = json_array(substr(body, 8, length(body) - 7 - 51)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'SMS to % not delivered: the workstream has no outbound URL.' AND length(body) > 58;
UPDATE messages SET code = 'system.autoclosed.' || CASE
		WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% day%' THEN 'days' WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% hour%' THEN 'hours'
		WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% minute%' THEN 'minutes' ELSE 'seconds' END,
	args = json_array(CAST(CAST(substr(body, 28, length(body) - 27 - 18) AS INTEGER) AS TEXT)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'Closed automatically after % without activity.';
UPDATE messages SET code = 'system.sms.failed',
	args = json_array(CAST(CAST(substr(body, instr(body, ' not delivered after ') + 21) AS INTEGER) AS TEXT), substr(body, 8, instr(body, ' not delivered after ') - 8), substr(substr(body, instr(body, ' not delivered after ') + 21), instr(substr(body, instr(body, ' not delivered after ') + 21), ': ') + 2, length(substr(body, instr(body, ' not delivered after ') + 21)) - instr(substr(body, instr(body, ' not delivered after ') + 21), ': ') - 2)), body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'SMS to % not delivered after % attempt%: %.' AND instr(body, ' not delivered after ') > 0;
`

const postgresNoteCodes = `
UPDATE messages SET code = 'system.back', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer is back.';
UPDATE messages SET code = 'system.customer.left', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer left the chat.';
UPDATE messages SET code = 'system.customer.gone', body = '' WHERE sender = 'system' AND code = '' AND body = 'The customer left before an agent joined.';
UPDATE messages SET code = 'system.forceclosed', body = '' WHERE sender = 'system' AND code = '' AND body = 'The conversation was closed.';
UPDATE messages SET code = 'system.forceclosed.by', args = json_build_array(substr(body, 1, length(body) - 31))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% force-closed the conversation.' AND length(body) > 31;
UPDATE messages SET code = 'system.left', args = json_build_array(substr(body, 1, length(body) - 56))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% left the chat. The conversation went back to the queue.' AND length(body) > 56;
UPDATE messages SET code = 'system.parked', args = json_build_array(substr(body, 1, length(body) - 66))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% closed the session. The conversation is waiting for the customer.' AND length(body) > 66;
UPDATE messages SET code = 'system.joined', args = json_build_array(substr(body, 1, length(body) - 17))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% joined the chat.' AND length(body) > 17;
UPDATE messages SET code = 'system.ended', args = json_build_array(substr(body, 1, length(body) - 16))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% ended the chat.' AND length(body) > 16;
UPDATE messages SET code = 'system.closed', args = json_build_array(substr(body, 1, length(body) - 25))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% closed the conversation.' AND length(body) > 25;
UPDATE messages SET code = 'system.transfer.declined', args = json_build_array(substr(body, 1, length(body) - 23))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% declined the transfer.' AND length(body) > 23;
UPDATE messages SET code = 'system.transfer.expired', args = json_build_array(substr(body, 1, length(body) - 37))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% did not answer the transfer in time.' AND length(body) > 37;
UPDATE messages SET code = 'system.consult.joined', args = json_build_array(substr(body, 1, length(body) - 24))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% joined as a consultant.' AND length(body) > 24;
UPDATE messages SET code = 'system.consult.ended', args = json_build_array(substr(body, 18, length(body) - 17 - 7))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'The consult with % ended.' AND length(body) > 24;
UPDATE messages SET code = 'system.transferred.queue', args = json_build_array(substr(body, 1, strpos(body, ' transferred the conversation to the ') - 1), substr(body, strpos(body, ' transferred the conversation to the ') + 37, length(body) - strpos(body, ' transferred the conversation to the ') - 37 - 7 + 1))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% transferred the conversation to the % queue.' AND strpos(body, ' transferred the conversation to the ') > 1;
UPDATE messages SET code = 'system.transferred.agent', args = json_build_array(substr(body, 1, strpos(body, ' transferred the conversation to ') - 1), substr(body, strpos(body, ' transferred the conversation to ') + 33, length(body) - strpos(body, ' transferred the conversation to ') - 33 - 1 + 1))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% transferred the conversation to %.' AND strpos(body, ' transferred the conversation to ') > 1;
UPDATE messages SET code = 'system.assigned', args = json_build_array(substr(body, 1, strpos(body, ' assigned the conversation to ') - 1), substr(body, strpos(body, ' assigned the conversation to ') + 30, length(body) - strpos(body, ' assigned the conversation to ') - 30 - 1 + 1))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% assigned the conversation to %.' AND strpos(body, ' assigned the conversation to ') > 1;
UPDATE messages SET code = 'system.contact.linked', args = json_build_array(substr(body, 1, strpos(body, ' linked this conversation to ') - 1), substr(body, strpos(body, ' linked this conversation to ') + 29, length(body) - strpos(body, ' linked this conversation to ') - 29 - 1 + 1))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE '% linked this conversation to %.' AND strpos(body, ' linked this conversation to ') > 1;
UPDATE messages SET code = 'system.sms.nourl', args = json_build_array(substr(body, 8, length(body) - 7 - 51))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'SMS to % not delivered: the workstream has no outbound URL.' AND length(body) > 58;
UPDATE messages SET code = 'system.autoclosed.' || CASE
		WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% day%' THEN 'days' WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% hour%' THEN 'hours'
		WHEN substr(body, 28, length(body) - 27 - 18) LIKE '% minute%' THEN 'minutes' ELSE 'seconds' END,
	args = json_build_array(split_part(substr(body, 28, length(body) - 27 - 18), ' ', 1))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'Closed automatically after % without activity.';
UPDATE messages SET code = 'system.sms.failed',
	args = json_build_array(split_part(substr(body, strpos(body, ' not delivered after ') + 21), ' ', 1), substr(body, 8, strpos(body, ' not delivered after ') - 8), substr(substr(body, strpos(body, ' not delivered after ') + 21), strpos(substr(body, strpos(body, ' not delivered after ') + 21), ': ') + 2, length(substr(body, strpos(body, ' not delivered after ') + 21)) - strpos(substr(body, strpos(body, ' not delivered after ') + 21), ': ') - 2))::text, body = ''
	WHERE sender = 'system' AND code = '' AND body LIKE 'SMS to % not delivered after % attempt%: %.' AND strpos(body, ' not delivered after ') > 0;
`

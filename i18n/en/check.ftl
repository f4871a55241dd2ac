# The words of `sticky check`, in English.
#
# One message a line: `id = text`. Words in { $braces } are filled in by
# the program (numbers, addresses, case names, bytes as sent); keep them,
# in any order. The Chinese file, i18n/zh/check.ftl, has the same ids.
# A test (cargo test --bin sticky check) fails when the two files differ in
# their ids or in a message's { $variables }.

## The report card

card-pass = PASS
card-fail = FAIL
card-skip = SKIP
card-sent = sent
card-got = got
card-hint = hint
describe = checking { $addr }: { $what }; a wait ends after { $wait } with no byte moving; --seed { $seed }
describe-echo = an echo server (demo 01)
describe-fixed = a fixed-length echo server (demo 04), { $size }-byte records
describe-length-prefix = a length-prefix echo server (demo 05), '{ $format }', frames up to { $max } bytes
describe-lines = a line server (demo 07), lines of up to { $max } bytes
describe-upload = a file receiver (demo 06), '{ $format }'
describe-upload-into = a file receiver (demo 06), '{ $format }', saving into { $dir }
tally = { $passed } passed, { $failed } failed
tally-skipped = { $passed } passed, { $failed } failed, { $skipped } skipped
tally-not-in-full = { $passed } passed, { $failed } failed, { $skipped } skipped: not graded in full

## Errors, each on one line of stderr

error = error: { $msg }
error-usage = error: { $msg } (see sticky check --help)
error-no-server = error: cannot connect to { $addr }: { $why } — is your server running?
json-cannot-create = cannot create --json { $path }: { $why }
json-cannot-write = error: writing --json: { $why }
flag-no-server = sticky check grades servers of demos 1, 4, 5, 6 and 7; demo { $demo } has no server to grade
flag-not-for = { $flag } is for sticky check { $demos }, not { $demo }
flag-and = {" "}and{" "}
flag-timeout = --timeout { $timeout }: give a number of seconds above 0 and at most 600
flag-range = { $flag } { $value } is not between 1 and { $max }
flag-dir-not-folder = --dir { $dir } is not a folder
flag-goes-with = { $flags } goes with { $with }
flag-bind-clients = --bind and --clients go with --serve
flag-no-case = sticky check { $demo } has no case { $name }; `sticky check { $demo }{ $serve } --list` shows them
flag-json-exists = --json { $path } already exists; give a new file name
flag-json-no-folder = --json { $path }: no such folder

## Connections, skips and the hints every case may give

link-sent = a new connection
link-out-of-time-got = none made: this student's time ran out (--per-student)
link-out-of-time-hint = the cases so far took all the time one student is given
link-refused-got = could not connect: { $why }
skip-out-of-time = this student's time ran out (--per-student)
skip-out-of-time-after = this student's time ran out ({ $time }, --per-student)
skip-no-longer-accepts = the server no longer accepts connections
hint-gone = the server stopped accepting connections during an earlier case: see the first FAIL
hint-slow-network = {" "}(nothing moved for { $time }: on a slow network, give a larger --timeout)

## How a reply ended, and what went out (shared by every case)

wire-shortfall = {" "}({ $sent } of { $of } bytes went out: { $why })
wire-reader-panicked = the reading thread panicked
wire-too-slow = still not done after { $time }: slower than a network at { $rate } KiB/s
wire-out-of-time = stopped: this student's time ran out (--per-student)
wire-timed-out = (timed out)
io-timed-out = timed out
io-reset = the connection was reset
io-closed = the server had closed the connection
io-refused = connection refused
end-closed = , then the server closed the connection
end-reset = , then the connection was reset
end-timed-out = , then nothing for { $time } { $timed_out }
end-more = , and more
end-failed = , then { $why }
nothing-timed-out = nothing in { $time } { $timed_out }
nothing-closed = nothing; the server closed the connection
nothing-reset = nothing; the connection was reset
nothing-failed = nothing; { $why }
nothing-then = nothing{ $end }

## The cases, one line each for --list

about-1-cut-bytes = bytes sent one per write, 15 ms apart, come back as sent
about-1-glued = 50 lines in one write come back as sent
about-1-interactive = bytes sent with the connection left open come back before the client closes
about-1-one-mib = a 1 MiB write comes back whole
about-1-two-clients = a second client is served while a first one sits connected, half-way through a message
about-1-slow-reader = 256 KiB come back whole to a client with a small receive window that reads slowly
about-1-hangup = a client resets the connection while its echo is on the way; the next client is served
about-4-glued = 20 records in one write come back as 20 records
about-4-interactive = a record sent with the connection left open comes back before the client closes
about-4-cut-bytes = a record sent one byte per write, 15 ms apart, comes back whole
about-4-seeded-cuts = records cut at seeded random offsets, a piece often ending one record and starting the next, come back as sent
about-4-half-record = half a record, then a pause: nothing comes back until the record is whole
about-4-empty-record = a record of padding only (an empty message), then a normal one
about-4-full-record = a record with no padding at all comes back whole
about-4-two-clients = a second client is served while a first one sits connected, half-way through a record
about-4-hangup = a client hangs up half-way through a record; the next client is served
about-7-glued = 20 lines in one write get 20 answers, in order, each holding its line and more
about-7-interactive = a line sent with the connection left open is answered before the client closes
about-7-cut-bytes = a line sent one byte per write, 15 ms apart, gets one answer holding it
about-7-seeded-cuts = 20 lines cut at seeded random offsets, a piece often ending one line and starting the next, get 20 answers
about-7-line-chars = lines holding \r, \x0b, \x0c, \x1c-\x1e, \x85, U+2028 and U+2029 get one answer each
about-7-empty-line = an empty line between two others gets an answer of its own
about-7-utf-8 = a line of multi-byte characters, cut inside one, comes back intact
about-7-max-line = a line of exactly --max-line bytes (65536 unless told) gets one answer holding it
about-7-over-max = --max-line + 1 bytes and more, no newline: the server closes (after "error..." if it likes); the next client is served
about-7-two-clients = a second client is served while a first one sits connected, half-way through a line
about-7-hangup = a client sends half a line and hangs up; the next client is served

## Demo 01, an echo (and what demo 04 shares with it)

bytes-one = 1 byte
bytes = { $n } bytes
unit-message = message
then = { $first }; { $next }
count-bytes = { $got } of { $of } bytes
count-records = { $got } of { $of } records
count-records-and-part = { $got } of { $of } records and { $part } bytes of the next
from-byte = from byte { $at }
record-number = record { $record }
differs-where = { $got } where { $want } was sent
got-everything = everything{ $end }
got-lacks-first = { $what } lacks its first { $missing }: { $differs }{ $end }
got-gap = { $from } bytes as sent, then { $missing } missing, then the rest: { $differs }{ $end }
got-differs = { $what } differs: { $differs }
got-extra = everything, then { $extra } bytes more
echo-hint-changed = the bytes came back changed: does the server send back exactly what each recv() returned?
echo-hint-no-close = the server did not close after the client closed: does it stop when recv() returns b''?
echo-hint-closed-silent = the server closed the connection without sending a byte back: did its handler fail on the first recv() (an exception ends the connection)?
echo-hint-too-much = more came back than was sent: does the server answer some bytes twice?
echo-hint-stopped-early = the server closed the connection after sending back { $got }, with more still coming: does it answer only its first recv()? Loop until recv() returns b''
echo-hint-lost = { $missing } never came back, and the echo went on after them: does the server use send(), which may send only part when the client reads slowly, where sendall() is needed?
echo-hint-swallowed = the first { $missing } of record { $record } never came back: were they read into the record before it by recv(size), where recv(size - len(got)) is needed, and thrown away?
echo-hint-unpadded = record { $record } came back without its padding: does the server strip the zero bytes (rstrip(b'\0')) before it sends the record back? Send it back as it came
echo-sent-still-there = then "are you still there?\n" on a new connection{ $shortfall }
echo-cut-bytes-sent = { $shown } in { $writes } one-byte writes, { $gap } apart
echo-cut-bytes-silent = no echo of bytes sent one per write: does the server wait for a full buffer or a whole line?
echo-cut-bytes-pass = { $writes } single-byte writes came back as sent
echo-glued-sent = 50 lines, "line 1\n" to "line 50\n", in one write of { $size } bytes
echo-glued-silent = only part of one write came back: does the server answer only its first recv()?
echo-glued-pass = 50 lines in one write came back as sent
echo-one-mib-sent = 1048576 bytes in one write
echo-one-mib-silent = only the start of a 1 MiB write came back: does the server send back only its first recv()? Loop: recv(), then sendall() what it returned, until recv() returns b''
echo-one-mib-pass = 1048576 bytes came back whole
echo-slow-reader-silent = the echo stopped for a client that reads slowly: does the server give up on a send() that has to wait (a socket timeout too short), or stop reading?
echo-slow-reader-sent = 262144 bytes through a small receive window, read 4 KiB at a time{ $shortfall }
echo-slow-reader-pass = 262144 bytes came back whole to a slow reader
echo-hangup-sent = 65536 bytes in one write, the connection left open{ $shortfall }
echo-hangup-no-echo = no echo came while the client stayed connected, so it could not hang up mid-echo: does the server wait for the client to close before it sends anything back?
echo-hangup-reset-sent = 65536 bytes; after { $echoed } bytes of echo, a reset{ $shortfall }
echo-hangup-stopped = the server stopped answering after a client hung up mid-echo: does it catch the error per connection?
echo-hangup-pass = a client reset the connection mid-echo; the next one was served

## The duties of every server: answer at once, serve two clients

duty-hint-only-after-close = the answer came only after the client closed its side: does the server read until recv() returns b'' before it answers? Answer each message as soon as it is whole
duty-hint-never = no answer, even after the client closed its side: does the server wait for more bytes than one message, or for something the protocol does not send?
duty-hint-unfinished = part of an answer came, and no more, even after the client closed its side: the answer is shorter than the protocol says; the cases that compare answers show how
duty-hint-closed-silent = the server closed without answering: did its handler fail on the first message?
duty-hint-one-at-a-time = the second client was answered only after the first one hung up: does the server serve one client at a time? Give each connection its own thread, or use selectors or asyncio
duty-hint-second-never = a second client got no answer while the first sat connected, nor after the first hung up: does the server stop accepting after its first client?
duty-hint-first-silent = the first client got no answer while connected, so a second could not be tried beside it: see the interactive case
duty-sent-left-open = { $shown } in one write, the connection left open
duty-interactive-pass = the { $unit } was answered while the client stayed connected
duty-got-after-close = { $before } while connected; once the client closed its side: { $after }
duty-got-never = { $before } while connected; nothing after the client closed its side either
duty-sent-first-left-open = first client: { $shown } in one write, the connection left open
duty-sent-two-clients = first client: { $shown } answered, then { $half } and a pause; second client: { $shown }
duty-two-clients-pass = a second client was answered while the first sat half-way through a { $unit }
duty-got-second = second client: { $heard }
duty-got-after-hangup = { $before }; once the first hung up: { $after }
duty-got-second-never = { $before }; nothing more after the first hung up
slow-sent-connection = a new connection with a small receive window
slow-writer-panicked = the writing thread panicked

## Demo 04, fixed-length records

unit-record = record
fixed-hint-changed = a record came back changed: does the server send back exactly the record it read?
fixed-hint-early = part of a record came back before the record was whole: does the server echo each recv() as it comes? Collect --size bytes, then send the record back
fixed-glued-sent = 20 records of { $size } bytes in one write of { $total } bytes
fixed-glued-silent = records glued in one write were not all answered: is only the first record of each recv() read?
fixed-glued-changed = records came back changed: is each recv() treated as one record?
fixed-glued-pass = 20 records in one write came back as 20
fixed-warm-up-sent = the record "warm-up" in one write{ $shortfall }
fixed-warm-up-silent = no echo of a whole record: does the server read --size bytes, then send them back?
fixed-cut-bytes-sent = "cut into bytes" in { $writes } one-byte writes, { $gap } apart, after an echoed record
fixed-cut-bytes-silent = no answer to a record cut into single bytes: is the record read with one recv(size)?
fixed-cut-bytes-changed = a record sent one byte per write came back changed: is each recv() treated as one record?
fixed-cut-bytes-pass = a record sent as { $writes } single-byte writes came back whole
fixed-empty-record-sent = { $size } zero bytes, then "after the empty one", in one write
fixed-empty-record-silent = an all-padding record got no answer: is an empty message taken for the end of the conversation?
fixed-empty-record-changed = an all-padding record came back changed: does the server send back the record it read, padding included?
fixed-empty-record-pass = an empty record and the next one came back
fixed-full-record-sent = { $shown } ({ $size } bytes, no padding) in one write
fixed-full-record-silent = no answer to a record without padding: does the server wait for a zero byte to end a record?
fixed-full-record-changed = a record without padding came back changed: does the server cut or pad a full record?
fixed-full-record-pass = a record of { $size } letters came back whole
fixed-hangup-half-sent = { $half } of a { $size }-byte record, then a close{ $shortfall }
fixed-hangup-stopped = the server stopped answering after a client hung up mid-record: does it catch the error per connection?
fixed-hangup-sent = { $first }; then a record on a new connection
fixed-hangup-pass = a client hung up mid-record; the next one was served
fixed-seeded-cuts-sent = { $records } records of { $size } bytes in { $writes } writes of 1 to { $max } bytes, { $gap } apart, cut at offsets from --seed { $seed }
fixed-seeded-cuts-silent = records cut at random offsets were not all answered: does the server wait for more than one record's bytes?
fixed-seeded-cuts-changed = records cut at random offsets came back changed: is each recv() treated as one record?
fixed-seeded-cuts-pass = { $records } records in { $writes } seeded pieces came back as sent
fixed-skip-no-half = a record of 1 byte has no half
fixed-half-record-sent = after an echoed record, { $cut } bytes of "in two halves", then the other { $rest } { $hold } later
fixed-half-record-early = { $shown } ({ $early } bytes) came back before the other half was sent
fixed-half-record-silent = no echo of a record sent in two halves: is the record read with one recv(size)?
fixed-half-record-pass = nothing came back for { $hold } while the record was half there; then all of it
fixed-talk-shown = a { $size }-byte record "are you there?"

## Demo 07, lines

unit-line = line
lines-the-answer = the answer
lines-answer-n = answer { $n }
lines-hint-missing = an answer does not hold its line: does the server send back each line's text, in order?
lines-hint-cut-at = the line was cut at { $name }, which does not end a line here: does the server split lines with something that also ends them there (str.splitlines(), a text-mode file, Java's readLine(), Node's readline)? Only b'\n' ends a line
lines-hint-tail-lost = the answer holds only the last { $end } bytes of its line: does the server throw away what follows the last newline of a recv(), instead of keeping it for the next?
lines-hint-start-only = an answer holds only the start of its line: does the server answer each recv() instead of each newline?
lines-hint-none-of-its-line = an answer holds none of its line, though others hold theirs: does the server throw away what follows the last newline of a recv(), instead of keeping it for the next?
lines-got-every-answer = every answer{ $end }
lines-got-no-newline = { $answered } of { $of } answers, then { $rest } with no newline{ $end }
lines-hint-no-newline = an answer came without its newline: does the server end each answer with b'\n'?
lines-got-part = { $answered } of { $of } answers, then { $rest }{ $end }
lines-got-answers = { $answered } of { $of } answers{ $end }
lines-got-glued = { $nth } { $answer }, then { $bare } bare lines
lines-hint-glued = { $count } lines came back as one answer: is each recv() treated as one line?
lines-got-bare = { $nth } { $answer }, the line alone
lines-hint-bare = an echo is not an answer (it comes back whether or not the server finds the newline): answer each line with more, e.g. b'line 1, 5 bytes: ' + line + b'\n'
lines-got-more-than-sent = , then more answers than lines sent
lines-got-without = { $nth } { $answer }, without { $line }{ $count }
lines-got-extra = every answer, then { $answers } more answer lines and { $partial } bytes{ $end }
lines-hint-extra = more answers than lines: does the server answer some lines twice, or answer each recv()?
lines-warm-up-sent = the line "warm-up\n" in one write{ $shortfall }
lines-glued-sent = 20 lines, "glued 01\n" to "glued 20\n", in one write of { $size } bytes
lines-glued-pass = 20 lines in one write got 20 answers, in order
lines-cut-bytes-sent = "cut into single bytes\n" in { $writes } one-byte writes, { $gap } apart, after an answered line
lines-cut-bytes-pass = { $writes } single-byte writes got one answer holding the line
lines-utf-8-sent = "{ $line }\n" ({ $size } bytes) in two writes { $gap } apart, cut inside 包
lines-utf-8-pass = a line cut inside a character came back intact
lines-max-line-sent = a line of { $len } bytes ("abc..."), then its newline, in one write
lines-max-line-got = the answer { $answer }
lines-max-line-refused = the server refused a line of exactly --max-line bytes: is its limit { $len }, newline not counted, and is a line of the limit itself allowed?
lines-max-line-silent = no answer to a line of { $len } bytes: is the server's limit at least --max-line ({ $len }), newline not counted?
lines-max-line-pass = a line of { $len } bytes got one answer holding it
lines-over-max-sent = { $over } bytes of 'x', one over --max-line, then { $more } more, and no newline
lines-over-max-back = { $shown } back,{" "}
lines-over-max-back-and-more = { $shown } and more back,{" "}
lines-over-max-still-open-after = the connection still open after { $time }
lines-over-max-still-open = the connection still open
lines-over-max-kept-open = the server answered "error" but kept the connection open: after refusing a line, close it (lab 5), or the client goes on sending into a connection that will never answer again
lines-over-max-kept-reading = the server kept reading a line with no newline past the limit: does it cap the buffer before reading more?
lines-over-max-refused-with = refused with { $shown }, then closed
lines-over-max-refused-closed = refused: the server closed the connection
lines-over-max-stopped = the server stopped answering after refusing a line: does it catch the error per connection?
lines-over-max-pass = a line past { $max } bytes was { $how }; the next client was served
lines-seeded-cuts-sent = 20 lines, "seeded 01...\n" to "seeded 20...\n", in { $writes } writes of 1 to 48 bytes, { $gap } apart, cut at offsets from --seed { $seed }
lines-seeded-cuts-pass = 20 lines in { $writes } seeded pieces got 20 answers, in order
lines-line-chars-sent = 9 lines in one write, each with one of \r, \x0b, \x0c, \x1c, \x1d, \x1e, \x85, U+2028, U+2029 inside: "01 left\rright\n"...
lines-line-chars-pass = 9 lines with line-like characters inside got 9 answers, in order
lines-empty-line-sent = "before the empty line\n\nafter the empty line\n" in one write
lines-empty-line-got = 2 answers, the second { $second }{ $end }
lines-empty-line-skipped = the empty line got no answer: does the server skip empty lines? An empty line is a line; answer it
lines-empty-line-pass = an empty line got an answer of its own
lines-hangup-sent = { $shown } with no newline, then a close{ $shortfall }
lines-hangup-stopped = the server stopped answering after a client hung up mid-line: does it catch the error per connection?
lines-hangup-pass = a client hung up mid-line; the next one was served
lines-warm-up-silent = no answer to one short line: does the server answer a line once its newline arrives?
lines-glued-silent = lines glued in one write were not all answered: is only the first line of each recv() answered?
lines-cut-bytes-silent = no answer to a line sent in single bytes: does the server wait for a full buffer instead of the newline?
lines-utf-8-silent = no answer to a line with a character cut between two writes: does the server decode each recv() as UTF-8? Find the newline in bytes, then decode the whole line
lines-seeded-cuts-silent = lines cut at random offsets were not all answered: does the server wait for a recv() that ends with a newline?
lines-line-chars-silent = lines holding characters such as \r or U+2028 were not all answered: does the server fail on them?
lines-empty-line-silent = the lines around an empty line were not all answered: does the server stop at an empty line?
lines-cut-bytes-missing = the answer to a line sent in single bytes lacks the line, though a line sent whole was answered with it: does the server answer each recv() instead of each newline, or throw away what came before the newline?
lines-utf-8-missing = the line's characters came back changed: is the line decoded and encoded as UTF-8, or better, answered as the bytes it came in?
lines-max-line-missing = the answer does not hold the whole line: does the server answer each recv(), or cut lines shorter than --max-line?

## A whole class (--class): the roster and the board

roster-one-word = line { $number }: { $line } is one word; write NAME HOST:PORT
roster-not-host-port = line { $number }: { $to } is not HOST:PORT (a port from 1 to 65535)
roster-twice = line { $number }: { $name } is on line { $first } already; give each student one line
roster-empty = no students in it: write one per line, NAME HOST:PORT
roster-cannot-read = error: cannot read --class { $roster }: { $why }
roster-error = error: --class { $roster } { $msg }
board-header = grading { $students } students of { $roster }: demo { $demo }, { $jobs } at a time; --seed { $seed }
    a wait ends after { $wait } with no byte moving; { $per_student } at most per student
board-waiting = waiting
board-missed = { $case } { $result },{" "}
board-checking = { $missed }checking { $current }
board-not-graded = not graded: { $why }
board-miss = { $case } { $result }: { $why }
board-pass = pass
board-fail = fail
board-skip = skip
board-tally = { $passed } passed, { $failed } failed
board-tally-ungraded = { $passed } passed, { $failed } failed, { $ungraded } could not be graded

## Demo 05: length-prefixed frames

about-5-byte-order = one small frame; its echo must be in the same byte order
about-5-glued = 20 frames in one write come back as 20 echoes, not one
about-5-cut-bytes = a frame sent one byte per write, 15 ms apart, comes back whole
about-5-seeded-cuts = 12 frames cut at seeded random offsets (--seed), each piece glued to the next frame's start
about-5-interactive = a frame's echo must arrive while the client keeps the connection open
about-5-two-clients = a second client is echoed while a first sits idle mid-frame
about-5-zero-length = a frame with an empty payload, then a normal one
about-5-one-mib = a 1 MiB frame comes back whole
about-5-max-frame = a frame of exactly --max-frame bytes (8 MiB unless told) comes back whole
about-5-over-max = a header announcing --max-frame + 1 bytes: the server closes; the next client is served
about-5-huge-header = a header announcing 4 GiB (0xFFFFFFFF): the server closes; the next client is served
about-5-hangup = a client hangs up half-way through a frame; the next client is served
len-skip-one-mib = --max-frame is below 1 MiB; max-frame covers it
len-echo-n = echo { $n }
len-got-echo = { $nth } { $came }
len-began = began { $shown }
len-began-lengths = began { $shown } (a length of { $ours } in '{ $fmt }', { $theirs } in '{ $other_fmt }')
len-got-every-echo = every echo, whole{ $end }
len-got-echoes = { $whole } of { $n } echoes{ $part }{ $end }
len-got-part = {" "}and { $part } bytes of echo { $next }
len-got-empty = { $nth } with 0 of its { $want } bytes{ $end }
len-got-cut = { $nth } with only { $len } of its { $want } bytes: { $came }
len-got-other-order = { $nth } announcing { $len } bytes in '{ $fmt }', which is the right length in '{ $other_fmt }'
len-got-begins = { $nth } begins { $shown }{ $end }
len-got-extra = every echo, then { $bytes } bytes more
len-hint-no-close = the server did not close after the client closed: does it stop when recv() returns b''?
len-hint-one-frame = the server closed after one frame: does it read frames in a loop until recv() returns b''?
len-hint-mid-stream = the server closed mid-stream, where a frame arrived in pieces: are the 4-byte header and the payload each read until complete (recv(4) may return fewer bytes)?
len-hint-counts-header = the echo's length counts its own 4 bytes ({ $len } for a { $payload }-byte payload): the length is len(payload) alone
len-hint-glued = { $count } frames came back as one: is each recv() treated as one message?
len-hint-empty = a frame came back empty: is each recv() treated as one message (the header's bytes included)?
len-hint-cut = a frame came back cut short: is the payload read with one recv(n), which may return fewer bytes?
len-hint-other-order = the echo's length header is '{ $other_fmt }': pack it with struct.pack('{ $fmt }', len(payload))
len-hint-too-long = the echo's header is not a '{ $fmt }' length: is it struct.pack('{ $fmt }', len(payload)), sent before the payload?
len-hint-changed = an echo came back different: does the server send back exactly the payload it read?
len-hint-extra = more came back than was sent: does the server answer a frame twice?
len-hint-waits-for-close = no echo while the client kept the connection open: does the server wait for recv() to return b'' before answering? Echo each frame as soon as it is whole
len-sent-still-there = then "are you still there?" on a new connection{ $shortfall }
len-byte-order-sent = the frame "hello", header { $header } ('{ $fmt }'){ $shortfall }
len-byte-order-silent = no echo of a small frame: does the server read a 4-byte length, then that many bytes?
len-byte-order-pass = "hello" came back with a '{ $fmt }' header
len-got-their-order = { $got }; with a '{ $their_fmt }' header it was echoed
len-hint-their-order-little = the server reads and writes lengths as '{ $their_fmt }' (what the lesson's 'i' gives on x86); the protocol says '{ $fmt }'; or grade it as it is with --little-endian
len-hint-their-order-big = the server reads and writes lengths as '{ $their_fmt }'; the protocol says '{ $fmt }'; or grade it as it is without --little-endian
len-skip-their-order = the server speaks '{ $their_fmt }': fix the byte order first
len-glued-sent = 20 frames, "glued 1" to "glued 20", in one write of { $size } bytes
len-glued-silent = frames glued in one write were not all answered: is only the first frame of each recv() read?
len-glued-pass = 20 frames in one write came back as 20 echoes
len-warm-up-sent = the frame "warm-up" in one write{ $shortfall }
len-warm-up-echoed = the frame "warm-up" in one write, echoed
len-then-closed = then the server closed the connection
len-cut-bytes-sent = "cut into bytes" in { $writes } one-byte writes, { $gap } apart, after an echoed frame
len-cut-bytes-silent = no answer to a header cut into single bytes: is the 4-byte header read with one recv(4)?
len-cut-bytes-pass = { $writes } single-byte writes came back as one whole echo
len-seeded-cuts-sent = 12 frames, { $size } bytes, in { $writes } writes of 1 to 11 bytes cut at seeded offsets, { $gap } apart
len-seeded-cuts-silent = frames cut at random offsets were not all answered: are the header and the payload each read until complete, and the bytes after a frame kept for the next?
len-seeded-cuts-pass = 12 frames in { $writes } seeded pieces came back as 12 echoes
len-interactive-pass = the echo came while the connection stayed open
len-interactive-sent = the frame "answer me now" in one write, the connection left open{ $shortfall }
len-two-clients-timed-out = the second client got no echo while the first sat idle mid-frame: is each connection served on its own thread (or by a selector)?
len-two-clients-silent = the second client was not echoed while the first sat idle mid-frame: can the server hold two connections at once?
len-two-clients-sent = a header and 5 of its 20 bytes on one connection{ $shortfall }, left idle; then a frame on a second
len-two-clients-pass = with a first client idle mid-frame, a second was echoed
len-zero-length-closed = a zero-length frame ended the conversation: is an empty payload taken for a closed connection?
len-zero-length-silent = no answer to a zero-length frame: does the server wait for at least one payload byte?
len-zero-length-sent = an empty frame (header only), then "after the empty one", in one write
len-zero-length-pass = an empty frame and the next one came back
len-large-stopped = the server stopped reading a { $what } frame: does it read the whole frame before it echoes, and is its limit at least { $len } bytes?
len-large-silent = no whole echo of a { $what } frame: is its limit at least { $len } bytes, and is the payload read until complete?
len-large-sent = a frame of { $len } bytes in one write
len-large-pass = { $len } bytes came back in one frame
len-refused-sent = a header { $header } announcing { $len } bytes, and nothing more
len-bytes-back = { $n } bytes back,{" "}
len-still-open = { $answered }the connection still open after { $time }
len-hint-waited = the server waited for a { $what }: does it check the length against a maximum before reading?
len-what-over-max = frame of { $len } bytes, one over --max-frame
len-what-huge = 4 GiB frame
len-hint-stopped-after-refusing = the server stopped answering after refusing a frame: does it catch the error per connection?
len-refused-pass = a header announcing { $len } bytes was refused; the next client was served
len-hangup-sent = a header announcing 10 bytes, "abc", then a close{ $shortfall }
len-hint-hangup-stopped = the server stopped answering after a client hung up mid-frame: does it catch the error per connection?
len-hangup-pass = a client hung up mid-frame; the next one was served

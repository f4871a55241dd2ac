# The words of demo 07, lines (English). The Chinese is in i18n/zh/demo07.ftl;
# a test (cargo test --bin sticky i18n) fails when the two differ or when
# the code asks for a message neither has. Numbers that line up in columns
# arrive already padded. The server's answers ("line 1, 5 bytes: hello")
# are protocol, not words: they stay in the code, the same in every language.

part-1 = part 1: eight lines in four writes, some glued, some cut
wrote = client: write { $i }  { $n } bytes  { $bytes }
# Padded to 7 columns by the code.
framed-nth = line { $n }
framed = server: { $nth } { $len } bytes  [{ $line }]  whole
quiet = server: more than { $shown } lines: the rest are answered and counted, not shown
summary = server: { $lines } lines, { $bytes } bytes in all
answer = client: answer  { $line }
part-1-result = result: { $writes } writes, { $framed } lines framed, { $answers } answers for { $sent } lines sent: the newline found every boundary
part-2 = part 2: the pitfall: a message that holds the delimiter
naive = client: sends as is   { $bytes }
escaped = client: sends escaped { $bytes }
pitfall-result = result: { $verdict }
pitfall = one message sent as is came out as { $extra } lines: the newline inside it ended the first
codec-refuses = the Lines codec refuses to send it: { $error }
# $verdict: one of the two below.
fix = fix: escaped, it crossed as one line [{ $carried }] and unescapes to [{ $restored }], { $verdict }
fix-as-sent = the message as sent
fix-not-as-sent = NOT the message sent
# Printed under the text after the label of the line above.
other-fix = or send data that may hold a newline with a length field (demo 05)
part-3 = part 3: a peer that never sends a newline
flood = client: sends { $n } bytes of 'x' and no newline
dropped = server: dropped the connection: { $error }
limit = the limit is checked before every read: a line without its newline never grows past { $max } bytes and one read
serving = server: listening on { $addr }, lines of up to { $max } bytes (Ctrl-C to stop)
accepted = server: accepted { $peer }
closed = server: { $peer } closed cleanly after { $n } lines
connect-result = client: { $sent } lines sent, { $answers } answers

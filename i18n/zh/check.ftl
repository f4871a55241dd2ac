# `sticky check` 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（数字、地址、
# 用例名、原样显示的字节），请保留，顺序可按中文习惯调整。编号与
# i18n/en/check.ftl 一一对应；两个文件的编号或变量不一致时，测试
# （cargo test --bin sticky check）会失败。
# 术语以 docs/zh/glossary.md 为准：粘包、拆包、半包、分帧、报头、长度字段、
# 定长、分隔符、接收方、服务端、客户端。

## 成绩单

card-pass = 通过
card-fail = 失败
card-skip = 跳过
card-sent = 发送
card-got = 收到
card-hint = 提示
describe = 正在检查 { $addr }：{ $what }；连续 { $wait } 没有字节流动即结束等待；--seed { $seed }
describe-echo = 回显服务端（演示 01）
describe-fixed = 定长回显服务端（演示 04），每条记录 { $size } 字节
describe-length-prefix = 长度字段回显服务端（演示 05），'{ $format }'，帧最长 { $max } 字节
describe-lines = 按行分帧的服务端（演示 07），每行最长 { $max } 字节
describe-upload = 文件接收方（演示 06），'{ $format }'
describe-upload-into = 文件接收方（演示 06），'{ $format }'，保存到 { $dir }
tally = 通过 { $passed } 项，失败 { $failed } 项
tally-skipped = 通过 { $passed } 项，失败 { $failed } 项，跳过 { $skipped } 项
tally-not-in-full = 通过 { $passed } 项，失败 { $failed } 项，跳过 { $skipped } 项：未完整评分

## 错误（标准错误输出上各占一行）

error = 错误：{ $msg }
error-usage = 错误：{ $msg }（见 sticky check --help）
error-no-server = 错误：无法连接到 { $addr }：{ $why }。你的服务端在运行吗？
json-cannot-create = 无法创建 --json { $path }：{ $why }
json-cannot-write = 错误：写入 --json 时出错：{ $why }
flag-no-server = sticky check 只评测演示 1、4、5、6、7 的服务端；演示 { $demo } 没有可评测的服务端
flag-not-for = { $flag } 只用于 sticky check { $demos }，不能用于 { $demo }
flag-and = {" "}和{" "}
flag-timeout = --timeout { $timeout }：请给出大于 0、不超过 600 的秒数
flag-range = { $flag } { $value } 不在 1 到 { $max } 之间
flag-dir-not-folder = --dir { $dir } 不是文件夹
flag-goes-with = { $flags } 要与 { $with } 一起用
flag-bind-clients = --bind 和 --clients 要与 --serve 一起用
flag-no-case = sticky check { $demo } 没有用例 { $name }；`sticky check { $demo }{ $serve } --list` 可列出全部用例
flag-json-exists = --json { $path } 已存在；请换一个新文件名
flag-json-no-folder = --json { $path }：文件夹不存在

## 连接、跳过，以及各用例共用的提示

link-sent = 一个新连接
link-out-of-time-got = 未建立：这名学生的时间已用完（--per-student）
link-out-of-time-hint = 前面的用例已用完分给每名学生的全部时间
link-refused-got = 无法连接：{ $why }
skip-out-of-time = 这名学生的时间已用完（--per-student）
skip-out-of-time-after = 这名学生的时间已用完（{ $time }，--per-student）
skip-no-longer-accepts = 服务端不再接受连接
hint-gone = 服务端在前面的某个用例中停止接受连接了：请看第一条“失败”
hint-slow-network = （连续 { $time } 没有任何字节流动：网络较慢时，请加大 --timeout）

## 回复如何结束、发出了多少（各用例共用）

wire-shortfall = （{ $of } 字节中只发出了 { $sent } 字节：{ $why }）
wire-reader-panicked = 读取线程崩溃了
wire-too-slow = { $time } 后仍未完成：比 { $rate } KiB/s 的网络还慢
wire-out-of-time = 已停止：这名学生的时间已用完（--per-student）
wire-timed-out = （超时）
io-timed-out = 超时
io-reset = 连接被重置
io-closed = 服务端已关闭连接
io-refused = 连接被拒绝
end-closed = ，随后服务端关闭了连接
end-reset = ，随后连接被重置
end-timed-out = ，随后 { $time } 内再无数据{ $timed_out }
end-more = ，还有更多
end-failed = ，随后{ $why }
nothing-timed-out = { $time } 内什么也没收到{ $timed_out }
nothing-closed = 什么也没收到；服务端关闭了连接
nothing-reset = 什么也没收到；连接被重置
nothing-failed = 什么也没收到；{ $why }
nothing-then = 什么也没收到{ $end }

## 用例（--list 每个一行）

about-1-cut-bytes = 每次写 1 字节、间隔 15 ms 发出的字节，原样回显
about-1-glued = 一次写入的 50 行，原样回显
about-1-interactive = 连接保持打开时发出的字节，在客户端关闭之前就回显
about-1-one-mib = 一次写入的 1 MiB，完整回显
about-1-two-clients = 第一个客户端连着、消息发到一半时，第二个客户端也能得到服务
about-1-slow-reader = 接收窗口很小、读得很慢的客户端，也能完整收回 256 KiB
about-1-hangup = 回显途中客户端重置连接；下一个客户端照常得到服务
about-4-glued = 一次写入的 20 条记录，回显为 20 条记录
about-4-interactive = 连接保持打开时发出的一条记录，在客户端关闭之前就回显
about-4-cut-bytes = 每次写 1 字节、间隔 15 ms 发出的一条记录，完整回显
about-4-seeded-cuts = 在按种子选出的随机位置切开的记录原样回显（一段常跨两条记录）
about-4-half-record = 半条记录后停顿：记录凑齐之前什么也不回
about-4-empty-record = 一条只有填充的记录（空消息），再接一条普通记录
about-4-full-record = 完全没有填充的记录，完整回显
about-4-two-clients = 第一个客户端连着、记录发到一半时，第二个客户端也能得到服务
about-4-hangup = 客户端在记录发到一半时挂断；下一个客户端照常得到服务
about-7-glued = 一次写入的 20 行得到 20 个回答，顺序不乱，每个都含有它那一行
about-7-interactive = 连接保持打开时发出的一行，在客户端关闭之前就得到回答
about-7-cut-bytes = 每次写 1 字节、间隔 15 ms 发出的一行，得到一个含有它的回答
about-7-seeded-cuts = 在按种子选出的随机位置切开的 20 行得到 20 个回答（一段常跨两行）
about-7-line-chars = 含有 \r、\x0b、\x0c、\x1c-\x1e、\x85、U+2028 和 U+2029 的行，每行只得到一个回答
about-7-empty-line = 夹在两行之间的空行，单独得到一个回答
about-7-utf-8 = 一行多字节字符，从某个字符中间切开发送，原样回来
about-7-max-line = 恰好 --max-line 字节（默认 65536）的一行，得到一个含有它的回答
about-7-over-max = 发出 --max-line + 1 字节以上且没有换行：服务端关闭连接（之前可回 "error..."）；下一个客户端照常得到服务
about-7-two-clients = 第一个客户端连着、一行发到一半时，第二个客户端也能得到服务
about-7-hangup = 客户端发出半行后挂断；下一个客户端照常得到服务

## 演示 01：回显（演示 04 也共用这部分）

bytes-one = 1 字节
bytes = { $n } 字节
unit-message = 消息
then = { $first }；{ $next }
count-bytes = { $of } 字节中的 { $got } 字节
count-records = { $of } 条记录中的 { $got } 条
count-records-and-part = { $of } 条记录中的 { $got } 条，外加下一条的 { $part } 字节
from-byte = 从第 { $at } 字节起
record-number = 第 { $record } 条记录
differs-where = 收到 { $got }，而发出的是 { $want }
got-everything = 全部收到{ $end }
got-lacks-first = { $what }缺了开头的 { $missing }：{ $differs }{ $end }
got-gap = 前 { $from } 字节与发出的相同，接着缺了 { $missing } 字节，然后是其余部分：{ $differs }{ $end }
got-differs = { $what }不一致：{ $differs }
got-extra = 全部收到，之后还多出 { $extra } 字节
echo-hint-changed = 回来的字节变了：服务端是否把每次 recv() 返回的内容原样发回？
echo-hint-no-close = 客户端关闭后服务端没有关闭：recv() 返回 b'' 时它会停下吗？
echo-hint-closed-silent = 服务端一个字节都没回就关闭了连接：它的处理函数是否在第一次 recv() 时就出错了（异常会结束连接）？
echo-hint-too-much = 回来的比发出的多：服务端是否把某些字节回显了两次？
echo-hint-stopped-early = 服务端回了 { $got }后就关闭了连接，而后面还有数据要来：它是否只回显第一次 recv() 收到的内容？应当循环，直到 recv() 返回 b''
echo-hint-lost = 有 { $missing } 没有回来，回显却在其后继续：服务端是否用了 send()？客户端读得慢时 send() 可能只发出一部分，这里需要 sendall()
echo-hint-swallowed = 第 { $record } 条记录开头的 { $missing } 没有回来：是否被 recv(size) 读进了前一条记录后丢掉了？这里需要 recv(size - len(got))
echo-hint-unpadded = 第 { $record } 条记录回来时没有填充：服务端是否在发回之前去掉了零字节（rstrip(b'\0')）？收到什么就原样发回
echo-sent-still-there = 然后在新连接上发送 "are you still there?\n"{ $shortfall }
echo-cut-bytes-sent = { $shown }，分 { $writes } 次、每次写 1 字节，间隔 { $gap }
echo-cut-bytes-silent = 每次写 1 字节发出的字节没有回显：服务端是否在等缓冲区写满或等一整行？
echo-cut-bytes-pass = { $writes } 次单字节写入原样回显
echo-glued-sent = 50 行（"line 1\n" 到 "line 50\n"），一次写入，共 { $size } 字节
echo-glued-silent = 一次写入的数据只回来了一部分：服务端是否只回显第一次 recv() 收到的内容？
echo-glued-pass = 一次写入的 50 行原样回显
echo-one-mib-sent = 一次写入 1048576 字节
echo-one-mib-silent = 1 MiB 的一次写入只回来了开头：服务端是否只发回第一次 recv() 的内容？应当循环：recv()，再用 sendall() 发回它返回的内容，直到 recv() 返回 b''
echo-one-mib-pass = 1048576 字节完整回显
echo-slow-reader-silent = 客户端读得慢时回显停了：服务端是否在需要等待的 send() 上放弃了（套接字超时设得太短），或者不再读取？
echo-slow-reader-sent = 262144 字节，经过很小的接收窗口，每次读 4 KiB{ $shortfall }
echo-slow-reader-pass = 读得很慢的客户端完整收回了 262144 字节
echo-hangup-sent = 一次写入 65536 字节，连接保持打开{ $shortfall }
echo-hangup-no-echo = 客户端保持连接期间没有任何回显，因此无法在回显途中挂断：服务端是否要等客户端关闭后才发回数据？
echo-hangup-reset-sent = 65536 字节；收到 { $echoed } 字节回显后，重置连接{ $shortfall }
echo-hangup-stopped = 一个客户端在回显途中挂断后，服务端不再回答：它是否按连接分别捕获错误？
echo-hangup-pass = 一个客户端在回显途中重置了连接；下一个客户端照常得到服务

## 每个服务端的本分：及时回答，同时服务两个客户端

duty-hint-only-after-close = 客户端关闭了自己这一端之后才收到回答：服务端是否要读到 recv() 返回 b'' 才回答？每条消息一凑齐就应当立即回答
duty-hint-never = 即使客户端关闭了自己这一端，也没有回答：服务端是否在等多于一条消息的字节，或在等协议根本不会发送的东西？
duty-hint-unfinished = 只来了回答的一部分，客户端关闭自己这一端之后也没有更多：回答比协议规定的短；比较回答内容的用例会指出差在哪里
duty-hint-closed-silent = 服务端没有回答就关闭了连接：它的处理函数是否在第一条消息上就出错了？
duty-hint-one-at-a-time = 第一个客户端挂断后，第二个客户端才得到回答：服务端是否一次只服务一个客户端？请为每个连接开一个线程，或使用 selectors、asyncio
duty-hint-second-never = 第一个客户端连着时第二个客户端得不到回答，第一个挂断后也没有：服务端是否在第一个客户端之后就不再 accept？
duty-hint-first-silent = 第一个客户端连着时没有得到回答，因此无法在它旁边再试第二个：请看 interactive 用例
duty-sent-left-open = { $shown }，一次写入，连接保持打开
duty-interactive-pass = 客户端保持连接期间，发出的{ $unit }已得到回答
duty-got-after-close = 连接期间：{ $before }；客户端关闭自己这一端之后：{ $after }
duty-got-never = 连接期间：{ $before }；客户端关闭自己这一端之后仍然什么也没有
duty-sent-first-left-open = 第一个客户端：{ $shown }，一次写入，连接保持打开
duty-sent-two-clients = 第一个客户端：{ $shown } 得到回答，再发 { $half } 后停顿；第二个客户端：{ $shown }
duty-two-clients-pass = 第一个客户端的{ $unit }只发了一半时，第二个客户端已得到回答
duty-got-second = 第二个客户端：{ $heard }
duty-got-after-hangup = { $before }；第一个挂断之后：{ $after }
duty-got-second-never = { $before }；第一个挂断之后也没有更多
slow-sent-connection = 一个接收窗口很小的新连接
slow-writer-panicked = 写入线程崩溃了

## 演示 04：定长记录

unit-record = 记录
fixed-hint-changed = 回来的记录变了：服务端是否把读到的记录原样发回？
fixed-hint-early = 记录还没凑齐，就回来了其中一部分：服务端是否每次 recv() 一返回就回显？应当先凑齐 --size 字节，再把整条记录发回
fixed-glued-sent = 20 条 { $size } 字节的记录，一次写入，共 { $total } 字节
fixed-glued-silent = 粘在一次写入里的记录没有全部得到回答：是否每次 recv() 只取了第一条记录？
fixed-glued-changed = 回来的记录变了：是否把每次 recv() 当成了一条记录？
fixed-glued-pass = 一次写入的 20 条记录回来时仍是 20 条
fixed-warm-up-sent = 记录 "warm-up"，一次写入{ $shortfall }
fixed-warm-up-silent = 一条完整的记录没有回显：服务端是否读满 --size 字节再发回？
fixed-cut-bytes-sent = 先回显一条记录，再把 "cut into bytes" 分 { $writes } 次、每次写 1 字节发出，间隔 { $gap }
fixed-cut-bytes-silent = 切成单字节的记录没有回答：是否用一次 recv(size) 读整条记录？
fixed-cut-bytes-changed = 每次写 1 字节发出的记录回来时变了：是否把每次 recv() 当成了一条记录？
fixed-cut-bytes-pass = 分 { $writes } 次单字节写入的记录完整回显
fixed-empty-record-sent = { $size } 个零字节，再接 "after the empty one"，一次写入
fixed-empty-record-silent = 全是填充的记录没有回答：是否把空消息当成了对话结束？
fixed-empty-record-changed = 全是填充的记录回来时变了：服务端是否把读到的记录连同填充一起发回？
fixed-empty-record-pass = 空记录和下一条记录都回来了
fixed-full-record-sent = { $shown }（{ $size } 字节，没有填充），一次写入
fixed-full-record-silent = 没有填充的记录没有回答：服务端是否在等一个零字节来结束记录？
fixed-full-record-changed = 没有填充的记录回来时变了：服务端是否截短或填充了一条满长的记录？
fixed-full-record-pass = { $size } 个字母的记录完整回显
fixed-hangup-half-sent = 一条 { $size } 字节记录的前 { $half } 字节，然后关闭连接{ $shortfall }
fixed-hangup-stopped = 一个客户端在记录发到一半时挂断后，服务端不再回答：它是否按连接分别捕获错误？
fixed-hangup-sent = { $first }；然后在新连接上发一条记录
fixed-hangup-pass = 一个客户端在记录发到一半时挂断；下一个客户端照常得到服务
fixed-seeded-cuts-sent = { $records } 条 { $size } 字节的记录，分 { $writes } 次写出，每次 1 到 { $max } 字节，间隔 { $gap }，切点由 --seed { $seed } 决定
fixed-seeded-cuts-silent = 在随机位置切开的记录没有全部得到回答：服务端是否在等多于一条记录的字节？
fixed-seeded-cuts-changed = 在随机位置切开的记录回来时变了：是否把每次 recv() 当成了一条记录？
fixed-seeded-cuts-pass = 按种子切成 { $writes } 段的 { $records } 条记录原样回显
fixed-skip-no-half = 1 字节的记录没有一半可言
fixed-half-record-sent = 先回显一条记录，再发 "in two halves" 的前 { $cut } 字节，{ $hold } 后再发其余 { $rest } 字节
fixed-half-record-early = 另一半还没发出，就回来了 { $shown }（{ $early } 字节）
fixed-half-record-silent = 分两半发出的记录没有回显：是否用一次 recv(size) 读整条记录？
fixed-half-record-pass = 记录只到一半的 { $hold } 内什么也没回；之后整条都回来了
fixed-talk-shown = 一条 { $size } 字节的记录 "are you there?"

## 演示 07：按行分帧

unit-line = 行
lines-the-answer = 回答
lines-answer-n = 第 { $n } 个回答
lines-hint-missing = 有个回答不含它那一行：服务端是否按顺序把每行的内容放进回答？
lines-hint-cut-at = 这一行在 { $name } 处被切开了，而这里它并不结束一行：服务端分行所用的方法是否也把它当作行尾（str.splitlines()、文本模式的文件、Java 的 readLine()、Node 的 readline）？只有 b'\n' 才结束一行
lines-hint-tail-lost = 回答只含这一行的最后 { $end } 字节：服务端是否把一次 recv() 里最后一个换行符之后的内容丢掉了，而没有留给下一次？
lines-hint-start-only = 回答只含这一行的开头：服务端是否对每次 recv() 回答，而不是对每个换行符回答？
lines-hint-none-of-its-line = 这个回答完全不含它那一行，而别的回答都含有：服务端是否把一次 recv() 里最后一个换行符之后的内容丢掉了，而没有留给下一次？
lines-got-every-answer = 全部回答{ $end }
lines-got-no-newline = { $of } 个回答中的 { $answered } 个，然后是 { $rest }，没有换行符{ $end }
lines-hint-no-newline = 有个回答没有换行符：服务端是否在每个回答末尾加上 b'\n'？
lines-got-part = { $of } 个回答中的 { $answered } 个，然后是 { $rest }{ $end }
lines-got-answers = { $of } 个回答中的 { $answered } 个{ $end }
lines-got-glued = { $nth } { $answer }，之后是 { $bare } 个原样返回的行
lines-hint-glued = { $count } 行只回来了一个回答：是否把每次 recv() 当成了一行？
lines-got-bare = { $nth } { $answer }，只有这一行本身
lines-hint-bare = 回显不算回答（无论服务端是否找到换行符，回显都会回来）：每行的回答要多带些内容，例如 b'line 1, 5 bytes: ' + line + b'\n'
lines-got-more-than-sent = ，之后回答比发出的行还多
lines-got-without = { $nth } { $answer }，其中没有 { $line }{ $count }
lines-got-extra = 全部回答，之后又多出 { $answers } 个回答行和 { $partial } 字节{ $end }
lines-hint-extra = 回答比行多：服务端是否对某些行回答了两次，或者对每次 recv() 都回答？
lines-warm-up-sent = 一行 "warm-up\n"，一次写入{ $shortfall }
lines-glued-sent = 20 行（"glued 01\n" 到 "glued 20\n"），一次写入，共 { $size } 字节
lines-glued-pass = 一次写入的 20 行按顺序得到 20 个回答
lines-cut-bytes-sent = 先有一行得到回答，再把 "cut into single bytes\n" 分 { $writes } 次、每次写 1 字节发出，间隔 { $gap }
lines-cut-bytes-pass = { $writes } 次单字节写入得到一个含有这一行的回答
lines-utf-8-sent = "{ $line }\n"（{ $size } 字节），分两次写入，间隔 { $gap }，切点在“包”字中间
lines-utf-8-pass = 从字符中间切开的一行原样回来
lines-max-line-sent = 一行 { $len } 字节（"abc..."），再加换行符，一次写入
lines-max-line-got = 回答 { $answer }
lines-max-line-refused = 服务端拒绝了恰好 --max-line 字节的一行：它的上限是否为 { $len }、不计换行符，且恰好等于上限的一行是否允许？
lines-max-line-silent = { $len } 字节的一行没有回答：服务端的上限是否至少为 --max-line（{ $len }），且不计换行符？
lines-max-line-pass = { $len } 字节的一行得到一个含有它的回答
lines-over-max-sent = { $over } 字节的 'x'（比 --max-line 多 1），再发 { $more } 字节，都没有换行符
lines-over-max-back = 回来 { $shown }，
lines-over-max-back-and-more = 回来 { $shown } 还有更多，
lines-over-max-still-open-after = { $time } 后连接仍然打开
lines-over-max-still-open = 连接仍然打开
lines-over-max-kept-open = 服务端回答了 "error" 却没有关闭连接：拒绝一行之后要关闭连接（实验 5），否则客户端会继续往一个再也不会回答的连接里发送
lines-over-max-kept-reading = 没有换行符的一行超过上限后服务端还在读：它是否在继续读之前限制了缓冲区大小？
lines-over-max-refused-with = 以 { $shown } 拒绝，随后关闭
lines-over-max-refused-closed = 被拒绝：服务端关闭了连接
lines-over-max-stopped = 服务端拒绝一行之后不再回答：它是否按连接分别捕获错误？
lines-over-max-pass = 超过 { $max } 字节的一行{ $how }；下一个客户端照常得到服务
lines-seeded-cuts-sent = 20 行（"seeded 01...\n" 到 "seeded 20...\n"），分 { $writes } 次写出，每次 1 到 48 字节，间隔 { $gap }，切点由 --seed { $seed } 决定
lines-seeded-cuts-pass = 按种子切成 { $writes } 段的 20 行按顺序得到 20 个回答
lines-line-chars-sent = 9 行，一次写入，每行中间各有 \r、\x0b、\x0c、\x1c、\x1d、\x1e、\x85、U+2028、U+2029 之一："01 left\rright\n"...
lines-line-chars-pass = 中间带有类似行尾字符的 9 行按顺序得到 9 个回答
lines-empty-line-sent = "before the empty line\n\nafter the empty line\n"，一次写入
lines-empty-line-got = 2 个回答，第二个是 { $second }{ $end }
lines-empty-line-skipped = 空行没有得到回答：服务端是否跳过了空行？空行也是一行，要回答
lines-empty-line-pass = 空行单独得到一个回答
lines-hangup-sent = { $shown }，没有换行符，然后关闭连接{ $shortfall }
lines-hangup-stopped = 一个客户端在一行发到一半时挂断后，服务端不再回答：它是否按连接分别捕获错误？
lines-hangup-pass = 一个客户端在一行发到一半时挂断；下一个客户端照常得到服务
lines-warm-up-silent = 一个短行没有回答：服务端是否在一行的换行符到达时就回答？
lines-glued-silent = 粘在一次写入里的行没有全部得到回答：是否每次 recv() 只回答第一行？
lines-cut-bytes-silent = 按单字节发出的一行没有回答：服务端是否在等缓冲区写满，而不是等换行符？
lines-utf-8-silent = 有个字符被切在两次写入之间的一行没有回答：服务端是否把每次 recv() 当作 UTF-8 解码？应当先在字节里找换行符，再解码整行
lines-seeded-cuts-silent = 在随机位置切开的行没有全部得到回答：服务端是否在等一次以换行符结尾的 recv()？
lines-line-chars-silent = 含有 \r 或 U+2028 等字符的行没有全部得到回答：服务端是否在它们上面出错了？
lines-empty-line-silent = 空行前后的行没有全部得到回答：服务端是否遇到空行就停下了？
lines-cut-bytes-missing = 按单字节发出的一行，其回答里没有这一行，而整行发出时回答里有：服务端是否对每次 recv() 回答，而不是对每个换行符回答，或者丢掉了换行符之前收到的内容？
lines-utf-8-missing = 这一行的字符回来时变了：是否把这一行按 UTF-8 解码再编码了？更好的做法是按收到的字节原样回答
lines-max-line-missing = 回答没有包含整行：服务端是否对每次 recv() 回答，或者把行截得比 --max-line 还短？

## 全班评测（--class）：名单与看板

roster-one-word = 第 { $number } 行：{ $line } 只有一个词；应写成 NAME HOST:PORT
roster-not-host-port = 第 { $number } 行：{ $to } 不是 HOST:PORT（端口为 1 到 65535）
roster-twice = 第 { $number } 行：{ $name } 已在第 { $first } 行出现过；每名学生只写一行
roster-empty = 里面没有学生：每行写一名，NAME HOST:PORT
roster-cannot-read = 错误：无法读取 --class { $roster }：{ $why }
roster-error = 错误：--class { $roster } { $msg }
board-header = 正在评测 { $roster } 中的 { $students } 名学生：演示 { $demo }，同时 { $jobs } 名；--seed { $seed }
    连续 { $wait } 没有字节流动即结束等待；每名学生最多 { $per_student }
board-waiting = 等待中
board-missed = { $case } { $result }，
board-checking = { $missed }正在检查 { $current }
board-not-graded = 未能评分：{ $why }
board-miss = { $case } { $result }：{ $why }
board-pass = 通过
board-fail = 失败
board-skip = 跳过
board-tally = 通过 { $passed } 人，未通过 { $failed } 人
board-tally-ungraded = 通过 { $passed } 人，未通过 { $failed } 人，{ $ungraded } 人未能评分

## 演示 05：长度字段分帧

about-5-byte-order = 一个小帧；它的回显必须用同样的字节序
about-5-glued = 一次写入的 20 帧，回显为 20 个，而不是一个
about-5-cut-bytes = 每次写 1 字节、间隔 15 ms 发出的一帧，完整回显
about-5-seeded-cuts = 在按种子（--seed）选出的随机位置切开的 12 帧，每段都粘着下一帧的开头
about-5-interactive = 客户端保持连接期间，一帧的回显就必须到达
about-5-two-clients = 第一个客户端发到帧中间后停着不动时，第二个客户端也能得到回显
about-5-zero-length = 载荷为空的一帧，再接一个普通的帧
about-5-one-mib = 1 MiB 的一帧完整回显
about-5-max-frame = 恰好 --max-frame 字节（默认 8 MiB）的一帧完整回显
about-5-over-max = 报头声明 --max-frame + 1 字节：服务端关闭连接；下一个客户端照常得到服务
about-5-huge-header = 报头声明 4 GiB（0xFFFFFFFF）：服务端关闭连接；下一个客户端照常得到服务
about-5-hangup = 客户端在一帧发到一半时挂断；下一个客户端照常得到服务
len-skip-one-mib = --max-frame 小于 1 MiB；由 max-frame 用例覆盖
len-echo-n = 第 { $n } 个回显
len-got-echo = { $nth }{ $came }
len-began = 开头是 { $shown }
len-began-lengths = 开头是 { $shown }（按 '{ $fmt }' 读长度为 { $ours }，按 '{ $other_fmt }' 读为 { $theirs }）
len-got-every-echo = 全部回显，且都完整{ $end }
len-got-echoes = { $n } 个回显中的 { $whole } 个{ $part }{ $end }
len-got-part = ，外加第 { $next } 个回显的 { $part } 字节
len-got-empty = { $nth }只有 0 字节，应有 { $want } 字节{ $end }
len-got-cut = { $nth }只有 { $len } 字节，应有 { $want } 字节：{ $came }
len-got-other-order = { $nth }按 '{ $fmt }' 声明了 { $len } 字节，而按 '{ $other_fmt }' 读才是正确的长度
len-got-begins = { $nth }开头是 { $shown }{ $end }
len-got-extra = 全部回显，之后还多出 { $bytes } 字节
len-hint-no-close = 客户端关闭后服务端没有关闭：recv() 返回 b'' 时它会停下吗？
len-hint-one-frame = 服务端回了一帧就关闭了连接：它是否循环读帧，直到 recv() 返回 b''？
len-hint-mid-stream = 服务端在一帧分段到达的地方关闭了连接：4 字节报头和载荷是否各自读到完整为止（recv(4) 可能返回更少的字节）？
len-hint-counts-header = 回显的长度字段把自己的 4 字节也算进去了（{ $payload } 字节的载荷写成了 { $len }）：长度字段只计 len(payload)
len-hint-glued = { $count } 帧只回来了一个：是否把每次 recv() 当成了一条消息？
len-hint-empty = 回来的一帧是空的：是否把每次 recv() 当成了一条消息（连同报头的字节）？
len-hint-cut = 回来的一帧被截短了：载荷是否只用一次 recv(n) 读取？recv(n) 可能返回更少的字节
len-hint-other-order = 回显的长度字段是 '{ $other_fmt }'：请用 struct.pack('{ $fmt }', len(payload)) 打包
len-hint-too-long = 回显的报头不是 '{ $fmt }' 格式的长度：是否用 struct.pack('{ $fmt }', len(payload)) 打包，并在载荷之前发出？
len-hint-changed = 回来的回显变了：服务端是否把读到的载荷原样发回？
len-hint-extra = 回来的比发出的多：服务端是否对一帧回答了两次？
len-hint-waits-for-close = 客户端保持连接期间没有回显：服务端是否要等 recv() 返回 b'' 才回答？每帧一凑齐就应当立即回显
len-sent-still-there = 然后在新连接上发送 "are you still there?"{ $shortfall }
len-byte-order-sent = 一帧 "hello"，报头 { $header }（'{ $fmt }'）{ $shortfall }
len-byte-order-silent = 一个小帧没有回显：服务端是否先读 4 字节的长度字段，再读那么多字节？
len-byte-order-pass = "hello" 带着 '{ $fmt }' 报头回来了
len-got-their-order = { $got }；改用 '{ $their_fmt }' 报头则得到了回显
len-hint-their-order-little = 服务端按 '{ $their_fmt }' 读写长度字段（课上代码的 'i' 在 x86 上就是这样），而协议规定为 '{ $fmt }'；也可以加 --little-endian 按它现在的样子评测
len-hint-their-order-big = 服务端按 '{ $their_fmt }' 读写长度字段，而协议规定为 '{ $fmt }'；也可以去掉 --little-endian 按它现在的样子评测
len-skip-their-order = 服务端用的是 '{ $their_fmt }'：请先改正字节序
len-glued-sent = 20 帧（"glued 1" 到 "glued 20"），一次写入，共 { $size } 字节
len-glued-silent = 粘在一次写入里的帧没有全部得到回答：是否每次 recv() 只读了第一帧？
len-glued-pass = 一次写入的 20 帧回来时仍是 20 个回显
len-warm-up-sent = 一帧 "warm-up"，一次写入{ $shortfall }
len-warm-up-echoed = 一帧 "warm-up"，一次写入，已回显
len-then-closed = 随后服务端关闭了连接
len-cut-bytes-sent = 先回显一帧，再把 "cut into bytes" 分 { $writes } 次、每次写 1 字节发出，间隔 { $gap }
len-cut-bytes-silent = 切成单字节的报头没有回答：4 字节报头是否只用一次 recv(4) 读取？
len-cut-bytes-pass = { $writes } 次单字节写入得到一个完整的回显
len-seeded-cuts-sent = 12 帧，共 { $size } 字节，在按种子选出的位置切开，分 { $writes } 次写出，每次 1 到 11 字节，间隔 { $gap }
len-seeded-cuts-silent = 在随机位置切开的帧没有全部得到回答：报头和载荷是否各自读到完整为止，一帧之后多读到的字节是否留给了下一帧？
len-seeded-cuts-pass = 按种子切成 { $writes } 段的 12 帧回来时仍是 12 个回显
len-interactive-pass = 连接保持打开时回显已经到达
len-interactive-sent = 一帧 "answer me now"，一次写入，连接保持打开{ $shortfall }
len-two-clients-timed-out = 第一个客户端停在帧中间不动时，第二个客户端没有得到回显：是否每个连接都由自己的线程（或 selector）服务？
len-two-clients-silent = 第一个客户端停在帧中间不动时，第二个客户端没有得到回显：服务端能同时持有两个连接吗？
len-two-clients-sent = 在一个连接上发出报头及其 20 字节中的 5 字节{ $shortfall }，然后停着不动；再在第二个连接上发一帧
len-two-clients-pass = 第一个客户端停在帧中间时，第二个客户端得到了回显
len-zero-length-closed = 长度为 0 的一帧结束了对话：是否把空载荷当成了连接关闭？
len-zero-length-silent = 长度为 0 的一帧没有回答：服务端是否在等至少一个载荷字节？
len-zero-length-sent = 一个空帧（只有报头），再接 "after the empty one"，一次写入
len-zero-length-pass = 空帧和下一帧都回来了
len-large-stopped = 服务端读 { $what } 的帧时停止了读取：它是否读完整帧再回显，它的上限是否至少为 { $len } 字节？
len-large-silent = { $what } 的帧没有完整回显：服务端的上限是否至少为 { $len } 字节，载荷是否读到完整为止？
len-large-sent = 一帧 { $len } 字节，一次写入
len-large-pass = { $len } 字节作为一帧完整回来
len-refused-sent = 一个报头 { $header }，声明 { $len } 字节，此外什么也不发
len-bytes-back = 回来 { $n } 字节，
len-still-open = { $answered }{ $time } 后连接仍然打开
len-hint-waited = 服务端一直在等{ $what }：它是否在读取之前先把长度字段和上限比较？
len-what-over-max = { $len } 字节的帧（比 --max-frame 多 1）
len-what-huge = 4 GiB 的帧
len-hint-stopped-after-refusing = 服务端拒绝一帧之后不再回答：它是否按连接分别捕获错误？
len-refused-pass = 声明 { $len } 字节的报头被拒绝；下一个客户端照常得到服务
len-hangup-sent = 一个声明 10 字节的报头、"abc"，然后关闭连接{ $shortfall }
len-hint-hangup-stopped = 一个客户端在一帧发到一半时挂断后，服务端不再回答：它是否按连接分别捕获错误？
len-hangup-pass = 一个客户端在一帧发到一半时挂断；下一个客户端照常得到服务

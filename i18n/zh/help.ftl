# 每个 `--help` 页面和命令行用法错误的中文（clap 打印的那些话）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（参数名、
# 取值、命令），请保留。编号与 i18n/en/help.ftl 一一对应；两个文件的
# 编号或变量不一致时，测试（cargo test --bin sticky help）会失败。
# 参数名（--seed）、取值（lan、wifi）、演示编号和字节数照原样写。
# 术语以 docs/zh/glossary.md 为准。

## 帮助页面上 clap 自己的话

usage = 用法：
commands = 命令
options = 选项：
arguments = 参数：
default = （默认：{ $value }）
choices = （可选：{ $values }）

## 每个命令做什么（about）
about-sticky = TCP 粘包与拆包：现场演示，再逐一解决
about-list = 列出全部演示
about-run = 运行一个演示：服务端和客户端在同一个进程里，走本机回环
about-serve = 只运行演示的服务端
about-connect = 只运行演示的客户端
about-tour = 按顺序运行每个演示；在终端上，每个演示之间等你按回车
about-bench = 用几种分块大小简单测一测演示 06 的文件传输协议
about-proxy = 在任意两个程序之间转发 TCP，像网络那样把字节流拆开、粘上
about-protocols = 真实协议怎样分帧：HTTP/1.1、TLS、HTTP/2、WebSocket、protobuf、MQTT、SMTP、RESP
about-check = 评测你自己写的服务端：一个守规矩但专挑刁钻情形的客户端，一次一个用例
about-docs = 检查或重新生成文档里的运行记录
about-help = 显示这份帮助，或某个命令的帮助

## 每个参数的说明：arg-编号 是所有带这个参数的命令共用的；
## arg-命令-编号 只属于一个命令。
arg-color = 彩色输出：auto（在终端上，且没有设置 NO_COLOR 时）、always、never
arg-lang = 用哪种语言讲解：auto（LC_ALL/LC_MESSAGES/LANG 以 zh 开头时用中文）、en、zh
arg-help = 显示帮助
arg-version = 显示版本
arg-demo = 演示编号（见 `sticky list`）
arg-check-demo = 服务端使用的传输格式：演示 1、4、5、6 或 7
arg-stdin = connect 2 到 5：把标准输入的每一行作为一条消息发送，代替固定的几条
arg-seed = run 3、4、5：用这个种子的重新分段器回放收到的字节，每次运行输出都一样
arg-proxy-seed = 拆分和延迟用的种子；不给就随机选一个并打印出来
arg-check-seed = 在随机位置切开字节流的用例所用的种子；不给就随机选一个并打印出来
arg-profile = run 3：按字节流穿过某种网络路径时的样子回放收到的字节：lan、wifi、wan 或 lossy（见 `sticky proxy --profile list`）
arg-proxy-profile = 像真实路径上的 TCP 那样发送：lan、wifi、wan 或 lossy；`list` 列出它们的参数
arg-svg = run 3、4、5、7：另外把每次写和每次读画进 FILE（SVG），用于幻灯片
arg-bench-svg = 把 MB/s 随分块大小变化的曲线画进 FILE（SVG）
arg-proxy-svg = 结束时（需要 --clients）把进出的字节画进 FILE（SVG）
arg-delay_ms = serve 3：第一次读之前等待的毫秒数，像一台忙碌的服务端那样
arg-proxy-delay_ms = 除第一次外，每次写之前等待 MIN 到 MAX 毫秒（含两端）
arg-size = 演示 04：约定的每条消息的长度，单位字节
arg-check-size = 演示 04：每条记录的长度（默认 32）
arg-max_frame = 演示 05：接收方接受的最大帧，单位字节
arg-check-max_frame = 演示 05：服务端必须接受的最大帧（默认 8 MiB）
arg-little_endian = 演示 05 和 06：长度字段用小端字节序，就像原教程的 struct.pack('i', n) 在 x86 上那样
arg-check-little_endian = 演示 05 和 06：长度字段是 '<I'，不是 '!I'
arg-file = serve 6、connect 6 --upload：要发送的文件
arg-out = connect 6、serve 6 --upload：收到的文件存放的文件夹
arg-chunk = 演示 06：读写文件内容时每次的字节数
arg-force = connect 6、serve 6 --upload：--out 下已有同名文件时覆盖它
arg-max_header = 演示 06：接收方接受的最大 JSON 报头，单位字节
arg-max_file = connect 6、serve 6 --upload、run 6：接收方接受的最大文件，单位字节；在写入任何内容之前就按报头检查
arg-upload = serve 6、connect 6：改为上传：`connect 6 --file` 发送，`serve 6 --out` 接收
arg-digest = serve 6：第一个客户端的报尾里放哪个摘要：blake3（默认）、sha256（供 Python 的 hashlib 校验）或 both（两个都放）
arg-max_line = 演示 07：接收方接受的最长一行，单位字节，不算换行符
arg-check-max_line = 演示 07：服务端必须接受的最长一行，不算换行符（默认 65536）
arg-requests = run 8、connect 8：每种写法发送的请求数
arg-bind = 监听的地址；用 0.0.0.0:7878 才能让别的机器连进来
arg-check-bind = 与 --serve 一起用：监听的地址（默认 127.0.0.1:7878）
arg-clients = 服务这么多个客户端后停止（默认：一直服务，直到按 Ctrl-C）
arg-proxy-clients = 转发这么多个连接、每个都转发完之后停止
arg-check-clients = 与 --serve 一起用：服务这么多个客户端后停止
arg-max_clients = TCP 演示：同时服务的客户端数；再多一个就回一行话拒绝它
arg-idle_timeout = TCP 演示：客户端这么多秒既不发也不收，就断开它
arg-proxy-idle_timeout = 一个连接这么多秒两个方向都没有字节，就关闭它
arg-proxy-max_clients = 同时转发的连接数；再多一个就立刻关闭，并打印一行说明
arg-max_per_address = TCP 演示：同一个 IP 地址同时最多服务几个客户端
arg-show_all = TCP 演示：每个客户端的输出都打印，不限量
arg-to = 服务端的地址
arg-proxy-to = 每个连接都转发到这个服务端
arg-check-to = 要评测的服务端
arg-no_pause = 演示之间不等回车
arg-seconds = 每次测量的秒数；表格的每一行要花 2 x --rounds 次这么长
arg-bytes = 每次传输的字节数
arg-rounds = 每种链路和分块大小测量的次数；表格显示它们的中位数和范围
arg-check = 另外用两个独立的进程（sticky-loopback）以同样的分块大小计时
arg-docs-check = 文档里的运行记录和程序现在打印的不一样时报错（默认）
arg-check_bytes = --check 的每次双进程运行传输的字节数
arg-listen = 代理监听的地址；让客户端连这里
arg-cut = 把字节流拆成 MIN 到 MAX 字节（含两端）的小块，每块写一次
arg-coalesce_ms = 先攒住到达的字节，从第一个字节起 N 毫秒后一次写出
arg-name = 只看这个协议（见 --list）
arg-list = 列出各个协议，每个一行
arg-check-list = 列出各个用例，每个一行，不连接任何服务端
arg-case = 只运行这个用例（见 --list）
arg-timeout = 两个方向都没有字节流动多少秒后放弃等待
arg-dir = 演示 06：接收方在本机写入的文件夹
arg-docs-dir = 文档所在的文件夹（默认：本源码树的 docs/，否则是 ./docs）
arg-serve = 演示 05：反过来当服务端，专挑刁钻情形考你自己写的客户端
arg-class = 评测全班：ROSTER 每行一个学生，`姓名 主机:端口`
arg-jobs = 与 --class 一起用：同时评测的学生数（默认 8）
arg-per_student = 与 --class 一起用：一个学生的全部用例最多花多少秒（默认 120）
arg-json = 把结果写进 FILE，格式为 JSON Lines，每个学生一个对象；与 --serve 一起用时每个客户端连接一个对象（必须是新文件）
arg-write = 就地重写运行记录

## 各组演示选项的标题
heading-demos-02-to-05 = 演示 02 到 05
heading-demos-03-to-05 = 演示 03 到 05
heading-demo-03 = 演示 03
heading-demo-04 = 演示 04
heading-demo-05 = 演示 05
heading-demos-05-and-06 = 演示 05 和 06
heading-demo-06 = 演示 06
heading-demo-07 = 演示 07
heading-demo-08 = 演示 08

## 命令行用法错误，标准错误输出上各占一行

error-line = 错误：{ $msg }（见 { $command } --help）
error-unknown-argument = 不认识的参数 '{ $arg }'
error-unknown-command = 没有 '{ $command }' 这个命令
error-missing-argument = 缺少必需的参数 { $arg }
error-invalid-choice = '{ $value }' 不是 '{ $arg }' 的可选值；可选：{ $valid }
error-no-value = '{ $arg }' 后面要跟一个值
error-bad-value = '{ $value }' 不能作为 '{ $arg }' 的值：{ $why }
error-conflict = 参数 '{ $arg }' 不能和 '{ $other }' 一起用
error-wrong-values = '{ $arg }' 的值的个数不对
error-missing-command = 缺少要执行的命令
error-not-utf8 = 有一个参数不是合法的 UTF-8
error-did-you-mean = ；是不是想用 '{ $suggested }'？

## 命令行拒绝的值（接在“'X' 不能作为 'ARG' 的值：”后面）

value-not-a-demo = { $value } 不是演示编号；`sticky list` 列出演示 1 到 { $last }
value-no-such-demo = 没有演示 { $demo }；`sticky list` 列出演示 1 到 { $last }
value-no-profile = 没有 { $name } 这种路径；可选的有 { $names }
value-bytes-range = { $what }必须在 { $min } 到 { $max } 字节之间
value-range = { $what } 必须在 { $min } 到 { $max } 之间
value-seconds = --seconds 必须大于 0、不超过 60
value-digest = { $value } 不是 serve 6 提供的摘要：可选 blake3、sha256 或 both
# 英文版在这里附上 Rust 给的原因（英文）；中文不显示它，所以用
# { $why -> *[other] {""} } 这种写法“用到”这个变量而不打印它。
value-not-a-number = { $value } 不是一个合法的非负整数{ $why ->
       *[other] {""}
    }
value-not-a-decimal = { $value } 不是一个合法的数{ $why ->
       *[other] {""}
    }
value-what-chunk = 分块大小
value-what-record = 记录长度
value-what-limit = 上限
value-what-line-limit = 一行的长度上限

## `sticky` 自己在演示之间说的话

# `sticky list` 的最后一行。
list-run-one = 用 `sticky run N` 运行其中一个；serve/connect 的用法见 `sticky --help`
# 演示标题中描述之前的部分，描述紧跟其后；结尾的 " ==" 由程序加上。
title-lead = == 演示 { $n } { $slug }：
press-enter = 按回车键进入下一个演示
serve-6-needs-a-file = serve 6 要发送一个文件：请加上 --file PATH（或者用 --upload --out DIR 接收文件）
upload-needs-a-file = connect 6 --upload 要发送一个文件：请加上 --file PATH

## 所选演示用不到的选项（用法错误，跟在“错误：”后面）

refusal-not-for = { $flag } 只用于 { $users }；`{ $mode } { $demo }` 用不到它
refusal-not-for-udp = --{ $flag } 只用于 TCP 的演示；UDP（`serve 2`）没有连接
refusal-receiving-only = { $flag } 只用于接收方；`{ $command }` 是发送文件的一方
refusal-sending-only = { $flag } 只用于发送方；`{ $command }` 是接收方，文件存进 --out
# 一串名字：前面几个之间，以及最后一个之前。
words-separator = 、
words-last = { $init }、{ $last }

## 所有命令和演示共用

# 每个错误前面，在 stderr 上。
error-prefix = 错误：{ $message }
# 命令行上解析器看不出来的错误之后。
see-help = { $message }（见 sticky --help）
# 屏幕上截断一长串字节的地方。
more-bytes = …（还有 { $k } 字节）
# 加 --stdin 时客户端的第一行。
from-stdin = 客户端：你输入的每一行作为一条消息发出（按 Ctrl-D 结束；Windows 上按 Ctrl-Z 再回车）

## 错误之后的建议：哪个选项或命令有用。每条自带开头的分隔符，跟在错误
## 的事实后面。

advice-other-order = 对端用的是不是另一种字节序？见 --little-endian
advice-big-endian = 对端用的是不是大端 '!I'？那就去掉 --little-endian
advice-byte-order = （{ $order }）
advice-max-frame = （可以用 --max-frame 调高上限）
advice-max-header = （可以用 --max-header 调高上限；或者：{ $order }）
advice-size = （可以用 --size 调大定长）
advice-max-line = （可以用 --max-line 调高上限）
advice-max-file = （可以用 --max-file 调高上限）
advice-force = ；加上 --force 可以覆盖它
advice-addr-in-use = ——是不是还有别的演示在运行？试试 --bind 127.0.0.1:0，让系统挑一个空闲端口
advice-addr-not-here = ——这个地址不在本机上；试试 127.0.0.1 或 0.0.0.0
advice-low-port = ——1024 以下的端口需要特权；试试 7878
advice-start-server = ——服务端在运行吗？用 `sticky serve { $demo }` 启动它
advice-server-running = ——服务端在运行吗？
advice-no-answer = ——没有应答；检查一下地址和防火墙
advice-udp-server = ——那边在运行 `sticky serve 2` 吗？
advice-check = ——服务端没能把消息一条条分开；用 `sticky check { $demo }` 可以看出问题在哪
advice-same-demo = ——服务端运行的也是同一个演示吗？
advice-silent = ；对端运行的也是演示 { $demo } 吗？
advice-full = ——服务端一连上就关闭了连接：它可能已经满了（见它的 --max-clients，同一台机器还有 --max-per-address）

## 每个演示演示什么（`sticky list`、演示的标题）

demo-1 = bind/listen/accept/connect：TCP 回显服务端与客户端
demo-2 = sendto/recvfrom：数据报保留边界，但可能被截断
demo-3 = 不分帧的发送方：几次小的写入粘在一起，一次大的写入被拆开
demo-4 = 解法一：定长，每条消息正好 N 字节，用 read_exact 读
demo-5 = 解法二：长度字段，先发 4 字节的长度，再发载荷
demo-6 = 原教程的协议：长度、JSON 报头、分块发送的文件内容
demo-7 = 解法三：分隔符，每条消息以换行符结尾；小心消息里自带换行符
demo-8 = 一个请求分两次写会卡住 40 ms：Nagle 算法遇上延迟确认

# `sticky bench` 的文字（中文）：两张表、解读表格的一段话、--check 的结论、
# 错误。英文在 i18n/en/bench.ftl；两个文件的消息或变量不一致时，测试
# （cargo test --bin sticky bench_table）会失败。

## 表格上方

title = 演示 06 的协议与原始回环：每次传输 { $bytes }，{ $rounds } 轮，每轮约 { $seconds } 秒
rates-legend = MB/s：中位数 [最慢一轮-最快一轮]
costs-legend = 协议每 MiB 的开销，以及各中位数占最佳原始中位数的比例

## 列标题，每列两行：上一行，下一行

head-chunk = {" "}
sub-chunk = 块大小
head-raw = 原始
sub-raw = MB/s
head-protocol = 协议
sub-protocol = MB/s
head-share = 协议
sub-share = / 原始
head-processes = 两个进程
sub-processes = MB/s
head-calls = 协议
sub-calls = 调用数/MiB
head-cpu = 协议
sub-cpu = CPU 毫秒/MiB
head-raw-best = 原始
sub-raw-best = / 最佳
head-protocol-best = 协议
sub-protocol-best = / 最佳
# 原教程所用块大小的那一行后面。
lesson-mark = <- 原教程的选择

## 解读：一段话；第一句之后的每句自带开头的空格（中文不需要）

reading-nothing = 解读：什么也没有测到
reading-calls = 解读：块从 { $first } 增大到 { $last }，协议每 MiB 的系统调用降到原来的 1/{ $calls }，CPU 时间降到 1/{ $cpu }，速率变为原来的 { $rate } 倍：每次调用的开销都一样，不管它搬运多少字节。
reading-share = 同样的块大小下，协议的速率是原始的 { $lo }-{ $hi }%：分帧的开销很小，超过 100% 的部分是轮与轮之间的噪声。
reading-below = 同样的块大小下，协议的速率是原始的 { $lo }-{ $hi }%，在 { $chunks } 不到 { $limit }%：原始的发送方一遍遍写同一段字节，协议的发送方却要先从数据源填满每一块，就像发送文件时要先读文件。
reading-above = 在 { $chunks }，协议的速率超过了原始的 { $limit }%：分帧不可能让字节跑得更快，所以这是机器的噪声，或者这一行的原始数据不能当基准；请再运行一次，或者加上 --check。
reading-best = 最佳的原始数据是 { $chunk } 时的 { $best } MB/s；协议在原教程的 { $lesson } 达到它的 { $share }%。

## --check 的结论

check-within = 核对：每种块大小下，原始与两个进程相差都在 { $tolerance }% 以内（{ $lo }% 到 { $hi }%，各轮比值的中位数）
check-off = 核对：在 { $chunks }，原始与两个进程相差超过 { $tolerance }%（各轮比值的中位数）；机器繁忙时请再运行一次

## 测量进行中（终端的 stderr 上）

measuring = 正在测量
step-raw = 原始，{ $chunk }，第 { $round }/{ $rounds } 轮
step-protocol = 协议，{ $chunk }，第 { $round }/{ $rounds } 轮
step-processes = 两个进程，{ $chunk }，第 { $round }/{ $rounds } 轮

## --svg

plot-written = 图已写入 { $path }
svg-title = 回环 TCP：MB/s 随块大小的变化（每次传输 { $bytes }，{ $rounds } 轮）
svg-raw = 原始回环，同样的块大小
svg-protocol = 演示 06 的协议
svg-processes = 两个进程（sticky-loopback）

## 错误

no-helper = --check 要运行 { $path }，但它不存在；请用 `cargo build --release --bins` 构建
no-folder = 无法写入 { $path }：文件夹 { $dir } 不存在
helper-failed = 两个进程的核对：{ $side }{ $what }
side-receiver = 接收方
side-sender = 发送方
helper-no-start = 无法启动（{ $error }）
helper-said = 输出了 { $text }
helper-no-output = 没有标准输出
helper-read-failed = 的输出读不出来（{ $error }）

// Line server in Java: reads bytes and splits at '\n' itself, because
// BufferedReader.readLine() would also end a line at '\r'.
// Usage: java Lines.java HOST PORT. Stops when its standard input closes.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class Lines {
    static final int MAX = 65536;

    public static void main(String[] args) throws IOException {
        Thread watchdog = new Thread(() -> {
            try { while (System.in.read() != -1) { } } catch (IOException e) { }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        System.out.println("listening on " + args[0] + ":" + server.getLocalPort());
        System.out.flush();
        while (true) {
            Socket s = server.accept();
            Thread t = new Thread(() -> serve(s));
            t.setDaemon(true);
            t.start();
        }
    }

    static void serve(Socket socket) {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n, count = 0;
            while ((n = in.read(buf)) != -1) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                        ByteArrayOutputStream answer = new ByteArrayOutputStream();
                        answer.write(("line " + count + ": ").getBytes(StandardCharsets.US_ASCII));
                        line.writeTo(answer);
                        answer.write('\n');
                        out.write(answer.toByteArray());
                        line.reset();
                    } else if (line.size() == MAX) {
                        out.write("error: line too long\n".getBytes(StandardCharsets.US_ASCII));
                        return;
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // this client only
        }
    }
}

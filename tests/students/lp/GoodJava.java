// Demo 5, correct: Java, a thread per client, DataInputStream.readFully.
import java.io.*;
import java.net.*;

public class GoodJava {
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try { while (System.in.read() >= 0) { } } catch (IOException e) { }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        ServerSocket srv = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        System.out.println("listening on " + args[0] + ":" + srv.getLocalPort());
        System.out.flush();
        while (true) {
            Socket s = srv.accept();
            new Thread(() -> serve(s)).start();
        }
    }

    static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            while (true) {
                int n;
                try { n = in.readInt(); } catch (EOFException e) { return; }
                if (n < 0 || n > 8 * 1024 * 1024) return;
                byte[] payload = new byte[n];
                in.readFully(payload);
                out.writeInt(n);
                out.write(payload);
                out.flush();
            }
        } catch (IOException e) {
        }
    }
}

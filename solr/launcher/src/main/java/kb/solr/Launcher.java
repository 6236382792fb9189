package kb.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * A SolrCloud cluster for KB's tests, benchmarks and `make solr-start`: real Solr
 * nodes on Jetty with an embedded ZooKeeper, in this one JVM (Solr's own
 * MiniSolrCloudCluster). It uploads KB's configset, creates a collection, writes
 * what a client needs to a JSON file, and then takes one-line commands, on stdin
 * and on a control port on 127.0.0.1, answering each with one JSON line:
 *
 *   status           nodes, their URLs and whether each runs
 *   stop N           stops node N (0-based), as a crashed machine would be gone
 *   start N          starts node N again on its port and waits until every
 *                    replica of every collection is active
 *   shutdown         stops the cluster and exits
 *
 * Attached (the default) it also stops when its stdin closes, so a test session
 * that dies takes its cluster with it; with --detached it reads no stdin and
 * runs until `shutdown` arrives on the control port.
 *
 * Arguments: --nodes N --dir DIR --configset PATH --collection NAME
 *            --shards S --replicas R --info FILE
 */
public final class Launcher {
    private final MiniSolrCloudCluster cluster;
    private final List<JettySolrRunner> nodes;
    private final List<Boolean> running = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private volatile boolean done = false;

    private Launcher(MiniSolrCloudCluster cluster) {
        this.cluster = cluster;
        this.nodes = new ArrayList<>(cluster.getJettySolrRunners());
        for (JettySolrRunner n : nodes) {
            running.add(true);
            urls.add("http://127.0.0.1:" + n.getLocalPort() + "/solr");
        }
    }

    public static void main(String[] args) throws Exception {
        int nodeCount = 2, shards = 2, replicas = 2;
        Path dir = null, configset = null, info = null;
        String collection = "kb";
        boolean detached = false;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--detached")) {
                detached = true;
                i -= 1;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("no value for " + args[i]);
            switch (args[i]) {
                case "--nodes": nodeCount = Integer.parseInt(args[i + 1]); break;
                case "--shards": shards = Integer.parseInt(args[i + 1]); break;
                case "--replicas": replicas = Integer.parseInt(args[i + 1]); break;
                case "--dir": dir = Path.of(args[i + 1]); break;
                case "--configset": configset = Path.of(args[i + 1]); break;
                case "--collection": collection = args[i + 1]; break;
                case "--info": info = Path.of(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dir == null || configset == null) {
            System.err.println("usage: Launcher --dir DIR --configset PATH [--nodes N] "
                    + "[--collection NAME] [--shards S] [--replicas R] [--info FILE]");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        // Every node binds 127.0.0.1 only: nothing of a test cluster is reachable from elsewhere.
        System.setProperty("host", "127.0.0.1");
        System.setProperty("solr.allowPaths", dir.toAbsolutePath().toString());
        MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodeCount, dir)
                .addConfig("kb", configset)
                .withJettyConfig(b -> b.setContext("/solr"))
                .build();
        Launcher launcher = new Launcher(cluster);
        if (!collection.isEmpty()) {
            CollectionAdminRequest.createCollection(collection, "kb", shards, replicas)
                    .process(cluster.getSolrClient());
            cluster.waitForActiveCollection(collection, shards, shards * replicas);
        }
        ServerSocket control = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String ready = launcher.status(control.getLocalPort(), seconds);
        if (info != null) {
            Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
            Files.writeString(tmp, ready + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("READY " + ready);
        System.out.flush();

        Thread acceptor = new Thread(() -> launcher.serve(control), "kb-control");
        acceptor.setDaemon(true);
        acceptor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdown));
        if (detached) {
            acceptor.join();          // until "shutdown" arrives on the control port
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while (!launcher.done && (line = in.readLine()) != null) {
            System.out.println(launcher.command(line.trim(), control.getLocalPort()));
            System.out.flush();
        }
        // stdin closed (the process that started us is gone) or "shutdown": stop.
        launcher.shutdown();
        control.close();
        System.exit(0);
    }

    private void serve(ServerSocket control) {
        while (!done) {
            try (Socket s = control.accept();
                 BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true)) {
                String line = r.readLine();
                if (line == null) continue;
                w.println(command(line.trim(), control.getLocalPort()));
                if (done) {
                    w.flush();
                    s.close();
                    System.exit(0);
                }
            } catch (IOException e) {
                if (done) return;
            }
        }
    }

    private synchronized String command(String line, int port) {
        String[] words = line.split("\\s+");
        try {
            switch (words[0]) {
                case "status":
                    return status(port, 0);
                case "stop": {
                    int i = Integer.parseInt(words[1]);
                    if (running.get(i)) {
                        cluster.stopJettySolrRunner(nodes.get(i));
                        cluster.waitForJettyToStop(nodes.get(i));
                        running.set(i, false);
                    }
                    return status(port, 0);
                }
                case "start": {
                    int i = Integer.parseInt(words[1]);
                    if (!running.get(i)) {
                        // on its old port, as a restarted machine keeps its address
                        cluster.startJettySolrRunner(nodes.get(i), true);
                        cluster.waitForNode(nodes.get(i), 60);
                        urls.set(i, "http://127.0.0.1:" + nodes.get(i).getLocalPort() + "/solr");
                        running.set(i, true);
                        waitForActiveReplicas(120);
                    }
                    return status(port, 0);
                }
                case "shutdown":
                    shutdown();
                    return "{\"ok\": true, \"shutdown\": true}";
                default:
                    return "{\"ok\": false, \"error\": \"unknown command\"}";
            }
        } catch (Exception e) {
            return "{\"ok\": false, \"error\": " + quote(String.valueOf(e)) + "}";
        }
    }

    /** Waits until every replica on a running node is active (replicas on a node
     *  still stopped wait for that node). */
    private void waitForActiveReplicas(int seconds) throws Exception {
        var reader = cluster.getZkStateReader();
        for (String name : reader.getClusterState().getCollectionNames()) {
            reader.waitForState(name, seconds, TimeUnit.SECONDS, (live, state) ->
                    state != null && state.getReplicas().stream().allMatch(
                            r -> !live.contains(r.getNodeName())
                                    || r.getState() == org.apache.solr.common.cloud.Replica.State.ACTIVE));
        }
    }

    private synchronized void shutdown() {
        if (done) return;
        done = true;
        try {
            cluster.shutdown();
        } catch (Exception e) {
            System.err.println("shutdown: " + e);
        }
    }

    private String status(int port, double seconds) {
        StringBuilder sb = new StringBuilder("{\"ok\": true, \"control_port\": ").append(port);
        sb.append(", \"pid\": ").append(ProcessHandle.current().pid());
        sb.append(", \"zk\": ").append(quote(cluster.getZkServer().getZkAddress()));
        if (seconds > 0) sb.append(", \"start_seconds\": ").append(String.format("%.2f", seconds));
        Runtime rt = Runtime.getRuntime();
        sb.append(", \"heap_used_mb\": ").append((rt.totalMemory() - rt.freeMemory()) >> 20);
        sb.append(", \"heap_max_mb\": ").append(rt.maxMemory() >> 20);
        sb.append(", \"nodes\": [");
        for (int i = 0; i < nodes.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"url\": ").append(quote(urls.get(i)))
              .append(", \"running\": ").append(running.get(i)).append("}");
        }
        return sb.append("]}").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}

package io.dbsecrets.operator;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's JDK HTTP client with a bounded executor. fabric8 gives the JDK client an unbounded cached pool, which
 * grew to one thread per response in flight (27 at N = 1,000, more with more concurrent reconciles); the work on it
 * is short (handing a response body on), so a few threads serve it with the rest queued. The threads end when idle,
 * so a closed client leaves none behind; derived clients (watches, other timeouts) share their parent's JDK client
 * and so this pool.
 */
final class BoundedJdkHttpClientFactory extends JdkHttpClientFactory {
  static final int THREADS = 4;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ThreadPoolExecutor executor;

  BoundedJdkHttpClientFactory() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads = task -> {
      Thread thread = new Thread(task, "kube-http-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    executor = new ThreadPoolExecutor(THREADS, THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    executor.allowCoreThreadTimeOut(true);
  }

  @Override
  protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
    builder.executor(executor);
  }
}

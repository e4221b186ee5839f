package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.support.AwsProxy;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How full the reads were: secret IDs named by GetSecretValue and BatchGetSecretValue request bodies. */
record SecretReads(long idsRead, int distinct, long batchCalls, long idsInBatches) {
  static final SecretReads NONE = new SecretReads(0, 0, 0, 0);
  private static final Pattern SINGLE = Pattern.compile("\"SecretId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern LIST = Pattern.compile("\"SecretIdList\"\\s*:\\s*\\[([^\\]]*)\\]");
  private static final Pattern ITEM = Pattern.compile("\"([^\"]+)\"");

  static SecretReads of(List<AwsProxy.Recorded> requests) {
    long ids = 0;
    long batchCalls = 0;
    long inBatches = 0;
    Set<String> distinct = new HashSet<>();
    for (AwsProxy.Recorded r : requests) {
      if (r.api().equals("GetSecretValue")) {
        Matcher m = SINGLE.matcher(r.body());
        if (m.find()) {
          ids++;
          distinct.add(m.group(1));
        }
      } else if (r.api().equals("BatchGetSecretValue")) {
        batchCalls++;
        Matcher list = LIST.matcher(r.body());
        if (list.find()) {
          Matcher item = ITEM.matcher(list.group(1));
          while (item.find()) {
            ids++;
            inBatches++;
            distinct.add(item.group(1));
          }
        }
      }
    }
    return new SecretReads(ids, distinct.size(), batchCalls, inBatches);
  }

  double perBatchCall() {
    return batchCalls == 0 ? 0.0 : idsInBatches / (double) batchCalls;
  }

  String describe() {
    return String.format(Locale.ROOT, "%d / %d / %.1f", idsRead, distinct,
        batchCalls == 0 ? 0.0 : idsInBatches / (double) batchCalls);
  }
}

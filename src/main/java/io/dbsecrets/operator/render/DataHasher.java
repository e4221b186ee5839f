package io.dbsecrets.operator.render;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash (HMAC-SHA256) of Secret data. An unkeyed digest of a low-entropy password could be brute-forced
 * from the status; a keyed one cannot without the operator's key. Each thread keeps its own keyed Mac: looking one
 * up through the security providers and keying it cost more than hashing, on every reconcile.
 */
public final class DataHasher {
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public DataHasher(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("hash key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public String hash(SecretData data) {
    Mac mac = macs.get();
    mac.reset();
    for (Map.Entry<String, byte[]> e : data.entries().entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
      mac.update(name);
      mac.update(ByteBuffer.allocate(4).putInt(e.getValue().length).array());
      mac.update(e.getValue());
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

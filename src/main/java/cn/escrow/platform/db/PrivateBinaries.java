package cn.escrow.platform.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the embedded PostgreSQL's binaries are unpacked: a directory only the service's user can
 * enter. The library unpacks into {@code java.io.tmpdir/embedded-pg} by default and makes that
 * directory world-writable; it also runs {@code pg_ctl stop} on stale directories it finds there. Both
 * are pointed at {@code <dir>/pg} here (system property {@code ot.epg.working-dir}), inside a mode-700
 * {@code <dir>}, and the permissions are put right again once the binaries are unpacked.
 */
final class PrivateBinaries {

    /** The library reads its working directory (unpacked binaries, stale-directory clean-up) from this property. */
    static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    private PrivateBinaries(Path root) {
        this.root = root;
    }

    /** Creates {@code root} (mode 700) if missing, refuses one that another user owns, and points the library at it. */
    static PrivateBinaries prepare(Path root) {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root.getParent());
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("The embedded PostgreSQL binaries directory " + root + " is not a directory");
            }
            String me = System.getProperty("user.name");
            String owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(me)) {
                throw new IllegalStateException("The embedded PostgreSQL binaries directory " + root + " belongs to " + owner
                        + ", not to the service's user " + me + ": refusing to run binaries others could have replaced");
            }
            Files.setPosixFilePermissions(root, PRIVATE_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the embedded PostgreSQL binaries directory " + root, e);
        }
        System.setProperty(WORKING_DIR_PROPERTY, root.resolve("pg").toString());
        return new PrivateBinaries(root);
    }

    Path root() {
        return root;
    }

    /** The library's working directory under the private root. */
    Path workingDirectory() {
        return root.resolve("pg");
    }

    /** The directory of the unpacked server (with {@code bin/postgres}), once the library has unpacked it. */
    Path serverDirectory() {
        String digest = DigestingResolver.INSTANCE.digest;
        if (digest == null) {
            throw new IllegalStateException("The embedded PostgreSQL binaries have not been unpacked yet");
        }
        return workingDirectory().resolve("PG-" + digest);
    }

    /** After unpacking: no directory or file under the root may be written by group or others. */
    void tighten() {
        try {
            Files.setPosixFilePermissions(root, PRIVATE_DIR);
            Files.setPosixFilePermissions(workingDirectory(), PRIVATE_DIR);
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (perms.removeAll(Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE))) {
                        Files.setPosixFilePermissions(p, perms);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict the embedded PostgreSQL binaries directory " + root, e);
        }
    }

    /** The library's default archive resolver, remembering the archive's MD5, which names the unpacked directory. */
    static final class DigestingResolver implements PgBinaryResolver {
        static final DigestingResolver INSTANCE = new DigestingResolver();
        private volatile String digest;

        private DigestingResolver() {
        }

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
                if (in == null) {
                    return null;
                }
                archive = in.readAllBytes();
            }
            try {
                digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("MD5 is not available", e);
            }
            return new ByteArrayInputStream(archive);
        }
    }
}

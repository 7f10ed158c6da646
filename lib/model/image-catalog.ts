/**
 * What Docker Hub serves for the catalog's well-known images: the config and the history (the
 * instruction behind each layer and its size), as the official images publish them (linux/amd64,
 * 2026). Ids and digests are derived from the names, so every client computes the same ones; base
 * layers are shared (nginx, httpd and redis sit on the same debian:trixie-slim layer), so a second pull
 * prints `Already exists` for them as the real engine does.
 */
import { digest64 } from "./ids";

export interface ImageConfig {
  User: string;
  Env: string[];
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  WorkingDir: string;
  /** `80/tcp`, ... */
  ExposedPorts: string[];
  Volumes: string[];
  StopSignal: string;
  Labels: Record<string, string>;
}

export interface HistoryEntry {
  createdBy: string;
  /** Bytes the step added (0 for metadata-only steps). */
  size: number;
  /** A metadata-only step: no layer. */
  empty: boolean;
  created: number;
  comment?: string;
  /** Content digest of the layer (`RootFS.Layers`), for steps that made one. */
  layer?: string;
  /** Set for a build step whose program Dockside does not run: the layer is a stand-in. */
  simulated?: boolean;
  /** Files the step added or changed (COPY/ADD, a RUN's writes, a commit): path in the image -> content. */
  files?: Record<string, string>;
  /** Symbolic links the step made: path -> target. */
  links?: Record<string, string>;
  /** Directories the step made. */
  dirs?: string[];
  /** Paths the step deleted from the layers below. */
  deleted?: string[];
}

interface CatalogImage {
  repo: string;
  config: ImageConfig;
  history: HistoryEntry[];
  created: number;
}

const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const DAY = 86_400_000;
/** Publication dates of the catalog's images (they age like real ones: "3 months ago"). */
const PUBLISHED = Date.UTC(2026, 7, 12, 18, 4, 31);

type Step = [createdBy: string, size?: number];

/** Base images every image of a family starts from: their layers are shared between images. */
const BASES: Record<string, Step[]> = {
  "debian:trixie-slim": [["# debian.sh --arch 'amd64' out/ 'trixie' '@1786147200'", 78_600_000]],
  "ubuntu:noble": [
    ["ARG RELEASE", 0],
    ["ARG LAUNCHPAD_BUILD_ARCH", 0],
    ['LABEL org.opencontainers.image.ref.name="ubuntu"', 0],
    ['LABEL org.opencontainers.image.version="24.04"', 0],
    ["ADD file:6df775300d76441aa33f31b22c1afce8dfe35c8ffbc14ef27c27009235b12a95 in / ", 78_100_000],
    ['CMD ["/bin/bash"]', 0],
  ],
  "buildpack-deps:trixie": [
    ["# debian.sh --arch 'amd64' out/ 'trixie' '@1786147200'", 120_000_000],
    [
      "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget; rm -rf /var/lib/apt/lists/* # buildkit",
      25_400_000,
    ],
    [
      "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps; rm -rf /var/lib/apt/lists/* # buildkit",
      74_200_000,
    ],
    [
      "RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev make patch unzip xz-utils zlib1g-dev; rm -rf /var/lib/apt/lists/* # buildkit",
      598_000_000,
    ],
  ],
  "alpine:3.18": [
    ["ADD file:1da756d12551a0e3e793e02ef87432d69d4968937bd11bed0af215db19dd94cd in / ", 7_330_000],
    ['CMD ["/bin/sh"]', 0],
  ],
};

interface Spec {
  key: string;
  base?: string;
  env?: string[];
  steps: Step[];
  config: Partial<ImageConfig>;
}

const ENTRY = ["docker-entrypoint.sh"];

const SPECS: Spec[] = [
  {
    key: "hello-world",
    steps: [
      ["COPY hello / # buildkit", 10_072],
      ['CMD ["/hello"]', 0],
    ],
    config: { Cmd: ["/hello"], Env: [PATH] },
  },
  {
    key: "alpine",
    steps: [
      ["ADD alpine-minirootfs-3.24.2-x86_64.tar.gz / # buildkit", 8_310_000],
      ['CMD ["/bin/sh"]', 0],
    ],
    config: { Cmd: ["/bin/sh"], Env: [PATH] },
  },
  {
    key: "busybox",
    steps: [
      ["BusyBox 1.38.0 (glibc), Debian 13", 4_720_000],
      ['CMD ["sh"]', 0],
    ],
    config: { Cmd: ["sh"], Env: [PATH] },
  },
  { key: "ubuntu", base: "ubuntu:noble", steps: [], config: { Cmd: ["/bin/bash"], Env: [PATH] } },
  { key: "debian", steps: [["# debian.sh --arch 'amd64' out/ 'trixie' '@1786147200'", 120_300_000]], config: { Entrypoint: [], Cmd: ["bash"], Env: [PATH] } },
  {
    key: "nginx",
    base: "debian:trixie-slim",
    env: ["NGINX_VERSION=1.31.3", "NJS_VERSION=0.9.4", "NJS_RELEASE=1~trixie", "ACME_VERSION=0.3.1", "PKG_RELEASE=1~trixie", "DYNPKG_RELEASE=1~trixie"],
    steps: [
      ['LABEL maintainer="NGINX Docker Maintainers <docker-maint@nginx.com>"', 0],
      [
        'RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates && ... && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log # buildkit',
        113_400_000,
      ],
      ["COPY docker-entrypoint.sh / # buildkit", 1620],
      ["COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit", 2125],
      ["COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit", 336],
      ["COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit", 3018],
      ["COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit", 4620],
      ['ENTRYPOINT ["/docker-entrypoint.sh"]', 0],
      ["EXPOSE map[80/tcp:{}]", 0],
      ["STOPSIGNAL SIGQUIT", 0],
      ['CMD ["nginx" "-g" "daemon off;"]', 0],
    ],
    config: { Entrypoint: ["/docker-entrypoint.sh"], Cmd: ["nginx", "-g", "daemon off;"], ExposedPorts: ["80/tcp"], StopSignal: "SIGQUIT" },
  },
  {
    key: "httpd",
    base: "debian:trixie-slim",
    env: [
      "HTTPD_PREFIX=/usr/local/apache2",
      "HTTPD_VERSION=2.4.68",
      "HTTPD_SHA256=6ba5c8e3b21bb2ff1ee0f5dd2b3c8fab2a54bd2ae8b1f8aa9bfc1cbf8f0da4c6",
      "HTTPD_PATCHES=",
    ],
    steps: [
      ['RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX" # buildkit', 0],
      ["WORKDIR /usr/local/apache2", 32],
      [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates libaprutil1-ldap libldap-common; rm -rf /var/lib/apt/lists/* # buildkit",
        5_120_000,
      ],
      [
        'RUN /bin/sh -c set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends bzip2 dpkg-dev gcc libapr1-dev libaprutil1-dev libbrotli-dev libcurl4-openssl-dev libjansson-dev liblua5.2-dev libnghttp2-dev libpcre2-dev libssl-dev libxml2-dev make wget zlib1g-dev; ... ./configure ...; make -j "$(nproc)"; make install; ...; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; httpd -v # buildkit',
        64_300_000,
      ],
      ["STOPSIGNAL SIGWINCH", 0],
      ["COPY httpd-foreground /usr/local/bin/ # buildkit", 138],
      ["EXPOSE map[80/tcp:{}]", 0],
      ['CMD ["httpd-foreground"]', 0],
    ],
    config: { Cmd: ["httpd-foreground"], ExposedPorts: ["80/tcp"], StopSignal: "SIGWINCH", WorkingDir: "/usr/local/apache2" },
  },
  {
    key: "redis",
    base: "debian:trixie-slim",
    env: [
      "REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.10.1.tar.gz",
      "REDIS_DOWNLOAD_SHA=9f2a2fc58c07e5eb5e6b1a76cd6b51f3e05de3e5e7a7d0c0d3e2a3b63b1b7d2e",
    ],
    steps: [
      ["RUN /bin/sh -c set -eux; groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis # buildkit", 4710],
      ["RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends tzdata; rm -rf /var/lib/apt/lists/* # buildkit", 1_350_000],
      [
        'RUN /bin/sh -c set -eux; ... make -C /usr/src/redis -j "$(nproc)" all; make -C /usr/src/redis install; ...; redis-cli --version; redis-server --version # buildkit',
        52_600_000,
      ],
      ["RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit", 0],
      ["WORKDIR /data", 32],
      ["COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 4380],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ["EXPOSE map[6379/tcp:{}]", 0],
      ['CMD ["redis-server"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["redis-server"], ExposedPorts: ["6379/tcp"], WorkingDir: "/data" },
  },
  {
    key: "postgres",
    base: "debian:trixie-slim",
    env: ["GOSU_VERSION=1.19", "LANG=en_US.utf8", "PG_MAJOR=18", "PG_VERSION=18.6-1.pgdg13+2", "PGDATA=/var/lib/postgresql/18/docker"],
    steps: [
      [
        "RUN /bin/sh -c set -eux; groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; install --verbose --directory --owner postgres --group postgres --mode 1777 /var/lib/postgresql # buildkit",
        4500,
      ],
      ["RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends gnupg less; rm -rf /var/lib/apt/lists/* # buildkit", 17_600_000],
      ["RUN /bin/sh -c set -eux; ... gosu --version; gosu nobody true # buildkit", 4_480_000],
      ["RUN /bin/sh -c set -eux; ... localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8 # buildkit", 25_100_000],
      [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends libnss-wrapper xz-utils zstd; rm -rf /var/lib/apt/lists/* # buildkit",
        1_420_000,
      ],
      ["RUN /bin/sh -c mkdir /docker-entrypoint-initdb.d # buildkit", 0],
      [
        'RUN /bin/sh -c set -ex; ... apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR=$PG_VERSION"; ... postgres --version # buildkit',
        310_000_000,
      ],
      [
        'RUN /bin/sh -c set -eux; dpkg-divert --add --rename --divert "/usr/share/postgresql/postgresql.conf.sample.dpkg" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; ... # buildkit',
        30_000,
      ],
      ["RUN /bin/sh -c install --verbose --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql # buildkit", 0],
      ['RUN /bin/sh -c install --verbose --directory --owner postgres --group postgres --mode 1777 "$PGDATA" # buildkit', 0],
      ["VOLUME [/var/lib/postgresql]", 0],
      ["COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit", 17_400],
      ["RUN /bin/sh -c ln -sT docker-ensure-initdb.sh /usr/local/bin/docker-enforce-initdb.sh # buildkit", 33],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ["STOPSIGNAL SIGINT", 0],
      ["EXPOSE map[5432/tcp:{}]", 0],
      ['CMD ["postgres"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["postgres"], ExposedPorts: ["5432/tcp"], StopSignal: "SIGINT", Volumes: ["/var/lib/postgresql"] },
  },
  {
    key: "mysql",
    env: ["GOSU_VERSION=1.19", "MYSQL_MAJOR=innovation", "MYSQL_VERSION=26.7.0-1.el9", "MYSQL_SHELL_VERSION=26.7.0-1.el9"],
    steps: [
      ["# oraclelinux:9-slim rootfs", 115_000_000],
      [
        "RUN /bin/sh -c set -eux; groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql # buildkit",
        4500,
      ],
      ["RUN /bin/sh -c set -eux; ... gosu --version; gosu nobody true # buildkit", 4_480_000],
      ["RUN /bin/sh -c set -eux; microdnf install -y bzip2 gzip openssl xz zstd findutils; microdnf clean all # buildkit", 12_300_000],
      ["RUN /bin/sh -c set -eux; ... gpg --batch --export --armor ... > /etc/pki/rpm-gpg/RPM-GPG-KEY-mysql; ... # buildkit", 3400],
      ["RUN /bin/sh -c set -eu; { echo '[mysql-innovation-server-minimal]'; ... } | tee /etc/yum.repos.d/mysql-community-minimal.repo # buildkit", 235],
      [
        'RUN /bin/sh -c set -eux; microdnf install -y "mysql-community-server-minimal-$MYSQL_VERSION"; microdnf clean all; ... mysqld --version; mysql --version # buildkit',
        520_000_000,
      ],
      ["RUN /bin/sh -c set -eu; { echo '[mysql-tools-community]'; ... } | tee /etc/yum.repos.d/mysql-community-tools.repo # buildkit", 225],
      ['RUN /bin/sh -c set -eux; microdnf install -y "mysql-shell-$MYSQL_SHELL_VERSION"; microdnf clean all; mysqlsh --version # buildkit', 123_000_000],
      ["VOLUME [/var/lib/mysql]", 0],
      ["COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 16_400],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ["EXPOSE map[3306/tcp:{} 33060/tcp:{}]", 0],
      ['CMD ["mysqld"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["mysqld"], ExposedPorts: ["3306/tcp", "33060/tcp"], Volumes: ["/var/lib/mysql"] },
  },
  {
    key: "mariadb",
    base: "ubuntu:noble",
    env: ["LANG=C.UTF-8", "MARIADB_VERSION=1:12.3.2+maria~ubu2404"],
    steps: [
      ["RUN /bin/sh -c set -eux; groupadd -r mysql; useradd -r -g mysql mysql --home-dir /var/lib/mysql; userdel --remove ubuntu # buildkit", 2450],
      [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates gpg gpgv libjemalloc2 pwgen tzdata xz-utils zstd; rm -rf /var/lib/apt/lists/* # buildkit",
        32_600_000,
      ],
      ["RUN /bin/sh -c set -eux; ... gosu --version; gosu nobody true # buildkit", 4_480_000],
      ["RUN /bin/sh -c mkdir /docker-entrypoint-initdb.d # buildkit", 0],
      [
        'RUN /bin/sh -c set -ex; ... apt-get install -y --no-install-recommends mariadb-server="$MARIADB_VERSION" mariadb-backup socat; ... # buildkit',
        212_000_000,
      ],
      ["VOLUME [/var/lib/mysql]", 0],
      ["COPY healthcheck.sh /usr/local/bin/healthcheck.sh # buildkit", 18_400],
      ["COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 27_300],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ["EXPOSE map[3306/tcp:{}]", 0],
      ['CMD ["mariadbd"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["mariadbd"], ExposedPorts: ["3306/tcp"], Volumes: ["/var/lib/mysql"] },
  },
  {
    key: "mongo",
    base: "ubuntu:noble",
    env: [
      "GOSU_VERSION=1.19",
      "JSYAML_VERSION=3.13.1",
      "MONGO_PACKAGE=mongodb-org",
      "MONGO_REPO=repo.mongodb.org",
      "MONGO_MAJOR=8.3",
      "MONGO_VERSION=8.3.9",
      "HOME=/data/db",
      "GLIBC_TUNABLES=glibc.pthread.rseq=0",
    ],
    steps: [
      [
        "RUN /bin/sh -c set -eux; groupadd --gid 999 --system mongodb; useradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb; mkdir -p /data/db /data/configdb; chown -R mongodb:mongodb /data/db /data/configdb # buildkit",
        4300,
      ],
      [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates jq numactl procps; rm -rf /var/lib/apt/lists/* # buildkit",
        7_640_000,
      ],
      ["RUN /bin/sh -c set -eux; ... gosu --version; gosu nobody true # buildkit", 6_380_000],
      ["RUN /bin/sh -c mkdir /docker-entrypoint-initdb.d # buildkit", 0],
      ['RUN /bin/sh -c set -ex; export GNUPGHOME="$(mktemp -d)"; ... # buildkit', 1160],
      [
        "RUN /bin/sh -c set -x && export DEBIAN_FRONTEND=noninteractive && apt-get update && apt-get install -y $MONGO_PACKAGE=$MONGO_VERSION ... # buildkit",
        790_000_000,
      ],
      ["VOLUME [/data/db /data/configdb]", 0],
      ["COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 14_500],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ["EXPOSE map[27017/tcp:{}]", 0],
      ['CMD ["mongod"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["mongod"], ExposedPorts: ["27017/tcp"], Volumes: ["/data/db", "/data/configdb"] },
  },
  {
    key: "node",
    base: "buildpack-deps:trixie",
    env: ["NODE_VERSION=26.3.0"],
    steps: [
      ["RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit", 4100],
      ['RUN /bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)" && ... && node --version && npm --version # buildkit', 191_000_000],
      ["COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 388],
      ['ENTRYPOINT ["docker-entrypoint.sh"]', 0],
      ['CMD ["node"]', 0],
    ],
    config: { Entrypoint: ENTRY, Cmd: ["node"] },
  },
  {
    key: "python",
    base: "buildpack-deps:trixie",
    env: [
      "LANG=C.UTF-8",
      "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
      "PYTHON_VERSION=3.14.7",
      "PYTHON_SHA256=4f1e1f2c3c0a8f6f3b1d9e5f7a6b2c4d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b",
    ],
    steps: [
      [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends libbluetooth-dev tk-dev uuid-dev; rm -rf /var/lib/apt/lists/* # buildkit",
        21_300_000,
      ],
      [
        'RUN /bin/sh -c set -eux; wget -O python.tar.xz "https://www.python.org/ftp/python/$PYTHON_VERSION/Python-$PYTHON_VERSION.tar.xz"; ... python3 --version # buildkit',
        78_100_000,
      ],
      [
        'RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do dst="$(echo "$src" | tr -d 3)"; ... ln -svT "$src" "/usr/local/bin/$dst"; done # buildkit',
        36,
      ],
      ['CMD ["python3"]', 0],
    ],
    config: { Cmd: ["python3"] },
  },
  {
    key: "registry",
    base: "alpine:3.18",
    env: [],
    steps: [
      ["RUN /bin/sh -c set -ex && apk add --no-cache ca-certificates # buildkit", 690_000],
      ["COPY ./registry /bin/registry # buildkit", 17_200_000],
      ["COPY ./config-example.yml /etc/docker/registry/config.yml # buildkit", 295],
      ["VOLUME [/var/lib/registry]", 0],
      ["EXPOSE map[5000/tcp:{}]", 0],
      ["COPY docker-entrypoint.sh /entrypoint.sh # buildkit", 155],
      ['ENTRYPOINT ["/entrypoint.sh"]', 0],
      ['CMD ["/etc/docker/registry/config.yml"]', 0],
    ],
    config: { Entrypoint: ["/entrypoint.sh"], Cmd: ["/etc/docker/registry/config.yml"], ExposedPorts: ["5000/tcp"], Volumes: ["/var/lib/registry"] },
  },
];

/** History rows of an instruction list; a row of size 0 other than a RUN is metadata only. */
function rows(owner: string, steps: Step[], start: number): HistoryEntry[] {
  return steps.map(([createdBy, size = 0], i) => {
    const empty = size === 0 && !createdBy.startsWith("RUN ");
    const entry: HistoryEntry = { createdBy, size, empty, created: start + i * 1000 };
    if (!empty) entry.layer = digest64(`layer/${owner}/${i}/${createdBy}`);
    return entry;
  });
}

function build(spec: Spec): CatalogImage {
  const created = PUBLISHED - (spec.key.length % 7) * DAY;
  const base = spec.base ? rows(spec.base, BASES[spec.base] ?? [], created - 30 * DAY) : [];
  const own = rows(spec.key, spec.steps, created);
  const env = spec.env && spec.env.length > 0 ? [spec.config.Env?.[0] ?? PATH, ...spec.env] : (spec.config.Env ?? [PATH]);
  const envRows = (spec.env ?? []).map((e): HistoryEntry => ({ createdBy: `ENV ${e}`, size: 0, empty: true, created }));
  return {
    repo: spec.key,
    created: own.at(-1)?.created ?? created,
    history: [...base, ...envRows, ...own],
    config: {
      User: "",
      Entrypoint: null,
      Cmd: null,
      WorkingDir: "",
      ExposedPorts: [],
      Volumes: [],
      StopSignal: "",
      Labels: {},
      ...spec.config,
      Env: env,
    },
  };
}

export const IMAGE_CATALOG: ReadonlyMap<string, CatalogImage> = new Map(SPECS.map((s) => [s.key, build(s)]));

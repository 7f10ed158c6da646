/**
 * The configuration a web server's image ships, where tutorials read and replace it (`cat
 * /etc/nginx/conf.d/default.conf`, `-v ./nginx.conf:/etc/nginx/nginx.conf:ro`), as the image holds it.
 * What a container's start changes in them is `lib/shell/docker/server-start.ts`.
 */
const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

export const NGINX_DEFAULT_CONF = `server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

/** What an image tree offers to build it. */
interface TreeBuilder {
  get(path: string): { t: string; data?: string } | undefined;
  dir(path: string): void;
  file(path: string, data: string): void;
  link(path: string, target: string): void;
}

/** Appends a line to a text file the base image already has (its users, its groups). */
function append(t: TreeBuilder, path: string, line: string): void {
  const n = t.get(path);
  t.file(path, `${n?.t === "f" ? (n.data ?? "") : ""}${line}\n`);
}

/**
 * nginx's user (uid/gid 101, its workers run as it), its config, its log links to the container's output
 * (so `docker logs` has them) and its cache.
 */
function nginx(t: TreeBuilder): void {
  append(t, "/etc/passwd", "nginx:x:101:101:nginx user:/nonexistent:/bin/false");
  append(t, "/etc/group", "nginx:x:101:");
  for (const d of ["/etc/nginx", "/etc/nginx/conf.d", "/var/log/nginx", "/var/cache/nginx"]) t.dir(d);
  t.file("/etc/nginx/nginx.conf", NGINX_CONF);
  t.file("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF);
  t.link("/var/log/nginx/access.log", "/dev/stdout");
  t.link("/var/log/nginx/error.log", "/dev/stderr");
}

/** Adds the server configuration image `key` ships (if any) to its tree. */
export function serverConfig(key: string, tree: TreeBuilder): void {
  if (key === "nginx") nginx(tree);
}

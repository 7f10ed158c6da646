# The build context: .dockerignore keeps a file out (a COPY of it fails as missing), COPY of several files
# into a directory, the context size the client sends.
printf '<p>hi</p>\n' > index.html
printf 'body{}\n' > site.css
printf 'secret\n' > secret.txt
printf 'secret.txt\n' > .dockerignore
printf 'FROM busybox\nCOPY index.html site.css /www/\nCOPY index.html /page.html\n' > Dockerfile
docker build -t ctx .
docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' ctx
printf 'FROM busybox\nCOPY secret.txt /s\n' > Dockerfile
docker build .

# docker history formats: -q, --format, -H=false (sizes in bytes).
docker history -q nginx
docker history --format '{{.ID}}|{{.CreatedBy}}|{{.Comment}}' redis
docker history -H=false --format '{{.Size}}' httpd
docker history --no-trunc --format '{{.ID}}' alpine

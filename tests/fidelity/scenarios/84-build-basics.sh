# docker build with the legacy builder (the fidelity engine's client has no buildx): one image per
# step, RUN output in the step, metadata steps through a container, COPY without one; the history.
printf 'FROM busybox\nENV GREETING=hello\nWORKDIR /app\nCOPY page.txt .\nRUN echo built\nEXPOSE 8080\nLABEL owner=me\nCMD ["cat", "page.txt"]\n' > Dockerfile
printf 'my page\n' > page.txt
docker build -t myapp .
docker images myapp
docker history --no-trunc --format '{{.CreatedBy}} {{.Size}}' myapp
docker image inspect -f '{{json .Config.Cmd}} {{.Config.WorkingDir}} {{.Config.Env}} {{.Config.ExposedPorts}} {{.Config.Labels}} {{len .RootFS.Layers}}' myapp
docker run --rm myapp echo ran

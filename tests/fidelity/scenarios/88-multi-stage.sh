# Multi-stage builds: a named stage, COPY --from of a file that stage copied, --target to stop early;
# the first stage's last image stays as an untagged image.
printf 'FROM busybox AS build\nWORKDIR /src\nCOPY app.txt .\nFROM alpine\nCOPY --from=build /src/app.txt /app.txt\nCMD ["cat", "/app.txt"]\n' > Dockerfile
printf 'built app\n' > app.txt
docker build -t ms .
docker image inspect -f '{{len .RootFS.Layers}}' ms
docker build --target build -t ms:build .
docker image inspect -f '{{.Config.WorkingDir}} {{len .RootFS.Layers}}' ms:build

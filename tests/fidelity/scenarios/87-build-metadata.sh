# Metadata instructions change the config and add no layer; shell-form CMD and ENTRYPOINT are wrapped in
# /bin/sh -c; an inherited CMD is dropped by a new ENTRYPOINT; ARG values come from --build-arg.
printf 'FROM busybox\nARG VERSION=1\nENV APP_VERSION=$VERSION\nUSER nobody\nSTOPSIGNAL SIGINT\nVOLUME /data\nEXPOSE 80 53/udp\nLABEL a=1 b="two words"\nENTRYPOINT echo hello\n' > Dockerfile
docker build --build-arg VERSION=7 -t meta .
docker image inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.User}} {{.Config.StopSignal}}' meta
docker image inspect -f '{{.Config.Env}} {{.Config.Volumes}} {{.Config.ExposedPorts}} {{.Config.Labels}} {{len .RootFS.Layers}}' meta
docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' meta
printf 'FROM busybox\nCMD ["echo", "one"]\nCMD echo two\n' > Dockerfile
docker build -q -t cmds . 
docker image inspect -f '{{json .Config.Cmd}}' cmds

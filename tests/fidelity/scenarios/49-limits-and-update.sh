# cgroup limits: the CLI's and the daemon's checks, inspect, docker update.
docker run -d --name m1 --memory 1k busybox sleep 1d
docker run -d --name m2 --memory 64m --memory-swap 32m busybox sleep 1d
docker run -d --name m3 --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 100 busybox sleep 1d
docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}' m3
docker run -d --name m5 --memory abc busybox sleep 1d
docker run -d --name m6 --cpus abc busybox sleep 1d
docker update --memory 128m m3
docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' m3
docker update --memory 128m --memory-swap 64m m3
docker update --restart always m3
docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' m3
docker update --cpus 1 nope m3
docker update m3
docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}' m3

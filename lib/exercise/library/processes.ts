/** Exercises about a container's main process: why it exited, the memory limit's kill, and whose kernel it runs on. */
import { defineExercise } from "../schema";

export const whyDidItExit = defineExercise({
  id: "why-did-it-exit",
  title: "Why did it exit? Read the logs",
  summary: "The container job ended at once with code 3. Its log says why; run it again so it finishes its work.",
  level: "beginner",
  tags: ["processes", "logs"],
  instructions: `A container lives as long as its **main process**. \`job\` ran its script and ended: \`docker ps -a\`
shows \`Exited (3)\`, and a code other than 0 means it failed.

What the process printed is kept: \`docker logs job\` shows it, even though the container is stopped.

1. Read the log of \`job\` and find what it needs.
2. Run the same script in a new container \`job2\` (\`docker run --name job2 ...\`), giving it what it asked for
   (\`-e NAME=value\` sets a variable).
3. \`docker logs job2\` should say where it deployed, and \`docker ps -a\` show \`Exited (0)\`.`,
  setup: [
    `docker run -d --name job busybox sh -c 'if [ -z "$TARGET" ]; then echo "job: TARGET is not set (try TARGET=staging)"; exit 3; fi; echo "deployed to $TARGET"'`,
  ],
  goals: [
    {
      kind: "exited",
      container: "job2",
      code: 0,
      logContains: "deployed to staging",
      title: "job2 deployed to staging and exited with 0",
      hint: "`docker logs job` says TARGET is missing: `docker run --name job2 -e TARGET=staging busybox sh -c '...'` with job's script.",
    },
  ],
  solution: [
    `docker run --name job2 -e TARGET=staging busybox sh -c 'if [ -z "$TARGET" ]; then echo "job: TARGET is not set (try TARGET=staging)"; exit 3; fi; echo "deployed to $TARGET"'`,
  ],
});

export const memoryLimitKill = defineExercise({
  id: "memory-limit-kill",
  title: "Limit memory and see the kill",
  summary: "Give a container a memory limit, let a process go over it, and see the kernel's OOM killer end it with 137.",
  level: "intermediate",
  tags: ["processes", "cgroups"],
  instructions: `Containers are processes the kernel limits with **cgroups**. \`--memory 32m\` caps what the container's
processes may hold; going over it makes the kernel's OOM killer end the process: exit code **137** (128 + SIGKILL)
and \`OOMKilled: true\` in \`docker inspect\`.

1. Run a container \`hog\` limited to 32 MB whose process holds 100 MB:
   \`sh -c 'head -c 100m /dev/zero | tail'\` (tail keeps everything it reads).
2. Check \`docker inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' hog\`.
3. Run \`calm\` with the same limit and \`sleep 1d\`: it stays well under it (\`docker stats --no-stream\`).`,
  setup: [],
  goals: [
    {
      kind: "exited",
      container: "hog",
      code: 137,
      oomKilled: true,
      title: "hog was OOM-killed (exit 137)",
      hint: "`docker run --name hog --memory 32m busybox sh -c 'head -c 100m /dev/zero | tail'`",
    },
    { kind: "running", container: "calm", title: "calm runs under the same limit", hint: "`docker run -d --name calm --memory 32m busybox sleep 1d`" },
  ],
  solution: ["docker run -d --name hog --memory 32m busybox sh -c 'head -c 100m /dev/zero | tail'", "docker run -d --name calm --memory 32m busybox sleep 1d"],
});

export const sameKernelOwnKernel = defineExercise({
  id: "same-kernel-own-kernel",
  title: "Same kernel or own kernel?",
  summary: "Compare uname -r in a container, on its host and inside a VM: containers share their machine's kernel, a VM boots its own.",
  level: "beginner",
  tags: ["processes", "kernel", "vm"],
  instructions: `A container is not a small VM: its processes run on the **kernel of the machine** it runs on.
A VM boots **its own kernel** on the hypervisor.

1. Compare \`uname -r\` on the host with \`docker run --rm alpine uname -r\`.
2. Start a container \`box\` on the host (\`docker run -dit --name box alpine\`) and a container \`vmbox\` inside
   the VM \`vm1\` (\`ssh vm1 docker run -dit --name vmbox alpine\`).
3. Find the VM's kernel release (\`ssh vm1 uname -r\`) and write it into \`/tmp/vm-kernel\` inside \`box\`:
   \`docker exec box sh -c 'echo RELEASE > /tmp/vm-kernel'\`.`,
  setup: ["VBoxManage createvm --name vm1 --ostype Ubuntu_64 --register", "VBoxManage startvm vm1 --type headless"],
  goals: [
    { kind: "sharesKernel", a: "box", b: "host", title: "box runs on the host's kernel", hint: "`docker run -dit --name box alpine` on the host" },
    { kind: "sharesKernel", a: "vmbox", b: "vm1", title: "vmbox runs on vm1's kernel", hint: "`ssh vm1 docker run -dit --name vmbox alpine`" },
    { kind: "sharesKernel", a: "box", b: "vmbox", not: true, title: "box and vmbox run on different kernels", hint: "Put vmbox inside the VM." },
    {
      kind: "file",
      in: "box",
      path: "/tmp/vm-kernel",
      contains: "6.8.0-88-generic",
      title: "box holds the VM's kernel release",
      hint: "`ssh vm1 uname -r`, then `docker exec box sh -c 'echo ... > /tmp/vm-kernel'`",
    },
  ],
  solution: [
    "docker run -dit --name box alpine",
    "ssh vm1 docker run -dit --name vmbox alpine",
    "docker exec box sh -c 'echo 6.8.0-88-generic > /tmp/vm-kernel'",
  ],
});

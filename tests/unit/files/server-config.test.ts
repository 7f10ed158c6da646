/** Web servers' configuration where their images keep it: what tutorials read, mount over and copy in builds. */
import { describe, expect, it } from "vitest";
import { printed, typed } from "../../world";

describe("nginx's configuration", () => {
  it("is in the image: nginx.conf includes conf.d, whose default.conf serves the default page", () => {
    const sh = typed(["docker run -d --name web nginx"]);
    expect(printed(sh, "docker exec web ls /etc/nginx/conf.d")).toEqual(["default.conf\n", "", 0]);
    const conf = printed(sh, "docker exec web cat /etc/nginx/nginx.conf")[0];
    expect(conf).toContain("user  nginx;\n");
    expect(conf).toContain("include /etc/nginx/conf.d/*.conf;\n");
    expect(printed(sh, "docker exec web grep root /etc/nginx/conf.d/default.conf")[0]).toBe(
      "        root   /usr/share/nginx/html;\n        root   /usr/share/nginx/html;\n",
    );
    expect(printed(sh, "docker exec web id nginx")).toEqual(["uid=101(nginx) gid=101(nginx) groups=101(nginx)\n", "", 0]);
    // Its logs go to the container's output, which is why docker logs shows the access lines.
    expect(printed(sh, "docker exec web ls -l /var/log/nginx")[0]).toContain("access.log -> /dev/stdout\n");
  });

  it("can be replaced by a bind mount, as tutorials do", () => {
    const sh = typed(["printf 'server { listen 8080; }\\n' > site.conf", "docker run -d --name web -v $PWD/site.conf:/etc/nginx/conf.d/default.conf:ro nginx"]);
    expect(printed(sh, "docker exec web cat /etc/nginx/conf.d/default.conf")).toEqual(["server { listen 8080; }\n", "", 0]);
  });

  it("is only nginx's: other images have no /etc/nginx", () => {
    const sh = typed(["docker run -d --name h httpd"]);
    expect(printed(sh, "docker exec h ls /etc/nginx")[2]).not.toBe(0);
  });
});

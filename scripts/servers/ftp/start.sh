#!/usr/bin/env bash
# Starts one loopback FTP server for tests or the benchmark, in its own fresh run folder.
#   start.sh SERVER RUN_DIR PORT PASV_MIN PASV_MAX [--no-tls] [--quota-mb N] [--implicit-tls]
# SERVER: vsftpd | pure-ftpd | proftpd. Serves plain FTP and explicit TLS (AUTH TLS) on PORT,
# unless --no-tls (then AUTH TLS is refused); --implicit-tls (vsftpd only) speaks TLS from the first byte. The account is escaleftp / escale-ftp-test, its root
# (chrooted) is RUN_DIR/root. Writes RUN_DIR/pid and RUN_DIR/server.log; prints "ready" once the
# port accepts connections. Needs scripts/setup/ftp.sh to have run (as root).
set -euo pipefail
server=$1 run=$2 port=$3 pmin=$4 pmax=$5
shift 5
tls=1 quota_mb= implicit=NO
while [ $# -gt 0 ]; do
  case $1 in
    --no-tls) tls=0 ;;
    --quota-mb) quota_mb=$2; shift ;;
    --implicit-tls) implicit=YES ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
cache=${ESCALE_FTP_CACHE:-/var/cache/escale-test/ftp}
bin=$cache/root/usr/sbin
user=escaleftp password=escale-ftp-test
uid=$(id -u $user) gid=$(id -g $user)
mkdir -p "$run/root"
run=$(cd "$run" && pwd)
chown "$user:" "$run/root"
chmod 755 "$run" "$run/root"
# the user must be able to reach its root: open the parents (test temp folders are 0700 otherwise)
d=$(dirname "$run")
while [ "$d" != / ]; do
  [ "$(stat -c %a "$d")" = 700 ] && chmod 711 "$d"
  d=$(dirname "$d")
done

case $server in
vsftpd)
  cat > "$run/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
local_root=$run/root
pam_service_name=escale-vsftpd
secure_chroot_dir=$cache/empty
pasv_enable=YES
pasv_min_port=$pmin
pasv_max_port=$pmax
pasv_address=127.0.0.1
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
utf8_filesystem=YES
vsftpd_log_file=$run/server.log
xferlog_enable=YES
delay_failed_login=1
max_per_ip=0
max_clients=0
CONF
  if [ $tls = 1 ]; then
    cat >> "$run/vsftpd.conf" <<CONF
ssl_enable=YES
rsa_cert_file=$cache/cert.pem
rsa_private_key_file=$cache/key.pem
force_local_logins_ssl=NO
force_local_data_ssl=NO
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
require_ssl_reuse=YES
implicit_ssl=$implicit
CONF
  fi
  setsid "$bin/vsftpd" "$run/vsftpd.conf" >>"$run/server.log" 2>&1 < /dev/null &
  ;;
pure-ftpd)
  # pure-pw would hash with Argon2id (t=1023): ~4 s per login on a busy 2-core machine. Pure-FTPd takes
  # any crypt(3) hash in its passwd file, so write the line ourselves with SHA-512 crypt.
  rm -f "$run/pureftpd.passwd" "$run/pureftpd.pdb"
  echo "$user:$(openssl passwd -6 "$password"):$uid:$gid::$run/root/./::::::::::::" > "$run/pureftpd.passwd"
  "$cache/root/usr/bin/pure-pw" mkdb "$run/pureftpd.pdb" -f "$run/pureftpd.passwd"
  args=(-S "127.0.0.1,$port" -p "$pmin:$pmax" -P 127.0.0.1 -l "puredb:$run/pureftpd.pdb" -A -E -H
        -g "$run/pure-ftpd.pid" -O "clf:$run/transfer.log" -c 200 -C 200)
  if [ $tls = 1 ]; then
    args+=(-Y 1 -2 "$cache/cert.pem,$cache/key.pem")
  else
    args+=(-Y 0)
  fi
  [ -n "$quota_mb" ] && args+=(-n "100000:$quota_mb")
  setsid "$bin/pure-ftpd" "${args[@]}" >>"$run/server.log" 2>&1 < /dev/null &
  ;;
proftpd)
  hash=$(openssl passwd -6 "$password")
  echo "$user:$hash:$uid:$gid::$run/root:/bin/false" > "$run/ftpd.passwd"
  echo "$user:x:$gid:" > "$run/ftpd.group"
  chmod 600 "$run/ftpd.passwd"
  cat > "$run/proftpd.conf" <<CONF
ServerType standalone
ServerName "escale test proftpd"
DefaultAddress 127.0.0.1
SocketBindTight on
Port $port
PassivePorts $pmin $pmax
MasqueradeAddress 127.0.0.1
UseIPv6 off
User nobody
Group nogroup
ModulePath $cache/root/usr/lib/proftpd
ScoreboardFile $run/proftpd.scoreboard
PidFile $run/proftpd.pid
DelayTable none
WtmpLog off
UseReverseDNS off
MaxInstances 200
TimeoutIdle 600
AuthOrder mod_auth_file.c
AuthUserFile $run/ftpd.passwd
AuthGroupFile $run/ftpd.group
RequireValidShell off
DefaultRoot ~
AllowOverwrite on
AllowStoreRestart on
AllowRetrieveRestart on
SystemLog $run/server.log
Umask 022
CONF
  if [ $tls = 1 ]; then
    cat >> "$run/proftpd.conf" <<CONF
LoadModule mod_tls.c
<IfModule mod_tls.c>
  TLSEngine on
  TLSRequired off
  TLSRSACertificateFile $cache/cert.pem
  TLSRSACertificateKeyFile $cache/key.pem
  TLSProtocol TLSv1.2 TLSv1.3
  TLSVerifyClient off
  TLSLog $run/tls.log
</IfModule>
CONF
  fi
  setsid "$bin/proftpd" -n -c "$run/proftpd.conf" >>"$run/server.log" 2>&1 < /dev/null &
  ;;
*) echo "unknown server $server" >&2; exit 2 ;;
esac
echo $! > "$run/pid"
echo "$port" > "$run/port"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo ready
    exit 0
  fi
  if ! kill -0 "$(cat "$run/pid")" 2>/dev/null; then
    echo "$server exited at start:" >&2
    tail -n 20 "$run/server.log" >&2 || true
    exit 1
  fi
  sleep 0.1
done
echo "$server did not listen on 127.0.0.1:$port within 10 s" >&2
tail -n 20 "$run/server.log" >&2 || true
exit 1

#include "testcertificates.h"

#include <QFile>
#include <QProcess>

namespace sockeye::test {

namespace {

// openssl 3.0 has no -not_before for req/x509; `openssl ca` sets any dates.
const char *const MakeScript = R"sh(
set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
    -out ca.crt -days 30 -subj "/CN=Sockeye Test CA" 2>/dev/null
mkdir -p db; : > db/index.txt; echo 1000 > db/serial
cat > ca.cnf <<'C'
[ca]
default_ca = t
[t]
dir = .
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = p
unique_subject = no
copy_extensions = copy
[p]
commonName = supplied
C
leaf() { # file start end name
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $1.key \
      -out $1.csr -subj "/CN=$4" -addext "subjectAltName=DNS:$4" 2>/dev/null
  openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in $1.csr -out $1.crt \
      -startdate $2 -enddate $3 -notext 2>/dev/null
}
leaf good 20200101000000Z 20450101000000Z localhost
leaf expired 20200101000000Z 20200201000000Z localhost
leaf future 20400101000000Z 20400201000000Z localhost
leaf client 20200101000000Z 20450101000000Z device-42
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout self.key \
    -out self.crt -days 30 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" 2>/dev/null
openssl pkey -in good.key -aes256 -passout pass:s3cret -out good-encrypted.key
)sh";

} // namespace

TestCertificates::TestCertificates()
{
    QProcess sh;
    sh.setWorkingDirectory(m_dir.path());
    sh.start(QStringLiteral("bash"), {QStringLiteral("-c"), QString::fromLatin1(MakeScript)});
    m_ok = sh.waitForFinished(60000) && sh.exitStatus() == QProcess::NormalExit &&
           sh.exitCode() == 0 && QFile::exists(key(QStringLiteral("good-encrypted")));
    if (!m_ok)
        m_error = QString::fromLocal8Bit(sh.readAllStandardError());
}

QString TestCertificates::crt(const QString &name) const
{
    return m_dir.filePath(name + QStringLiteral(".crt"));
}

QString TestCertificates::key(const QString &name) const
{
    return m_dir.filePath(name + QStringLiteral(".key"));
}

} // namespace sockeye::test

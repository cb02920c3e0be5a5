<!-- Flattens a camt.053 statement into text: a line 'S' per statement (id, account, opening and closing balance), then a
     line per booked transaction: 'E' for an entry that is one transaction, 'T<n>' for the n-th
     transaction of an entry that holds several. Fields are separated by tabs, in the order of camt053.Row.
     Written in XSLT because libxslt walks a 100,000-entry file in a second, where Python takes
     several. {version} is filled in with the file's version. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:variable name="F" select="'&#9;'"/>
<xsl:template match="/">
  <xsl:for-each select="c:Document/c:BkToCstmrStmt/c:Stmt">
    <xsl:text>S</xsl:text><xsl:value-of select="$F"/><xsl:value-of select="normalize-space(c:Id)"/><xsl:value-of select="$F"/><xsl:value-of select="normalize-space(c:Acct/c:Id/c:IBAN)"/>
    <!-- The opening (OPBD, or ING's PRCD) and closing (CLBD) booked balance: amount, side. -->
    <xsl:variable name="open" select="(c:Bal[c:Tp/c:CdOrPrtry/c:Cd='OPBD'] | c:Bal[c:Tp/c:CdOrPrtry/c:Cd='PRCD'])[1]"/>
    <xsl:variable name="close" select="c:Bal[c:Tp/c:CdOrPrtry/c:Cd='CLBD'][1]"/>
    <xsl:value-of select="$F"/><xsl:value-of select="normalize-space($open/c:Amt)"/><xsl:value-of select="$F"/><xsl:value-of select="normalize-space($open/c:CdtDbtInd)"/>
    <xsl:value-of select="$F"/><xsl:value-of select="normalize-space($close/c:Amt)"/><xsl:value-of select="$F"/><xsl:value-of select="normalize-space($close/c:CdtDbtInd)"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:for-each select="c:Ntry[c:Sts='BOOK' or c:Sts/c:Cd='BOOK']">
      <xsl:variable name="e">
        <xsl:value-of select="normalize-space(c:Amt)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:Amt/@Ccy)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:CdtDbtInd)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:RvslInd)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:BookgDt/c:Dt | c:BookgDt/c:DtTm)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:ValDt/c:Dt | c:ValDt/c:DtTm)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:AcctSvcrRef)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:NtryDtls/c:Btch/c:PmtInfId)"/><xsl:value-of select="$F"/>
        <xsl:value-of select="normalize-space(c:NtryDtls/c:Btch/c:NbOfTxs)"/><xsl:value-of select="$F"/>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="count(c:NtryDtls/c:TxDtls) &lt;= 1">
          <xsl:call-template name="row"><xsl:with-param name="e" select="$e"/><xsl:with-param name="d" select="c:NtryDtls/c:TxDtls"/><xsl:with-param name="kind" select="'E'"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="c:NtryDtls/c:TxDtls">
            <xsl:call-template name="row"><xsl:with-param name="e" select="$e"/><xsl:with-param name="d" select="."/><xsl:with-param name="kind" select="concat('T', position())"/></xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:for-each>
</xsl:template>
<xsl:template name="row">
  <xsl:param name="e"/><xsl:param name="d"/><xsl:param name="kind"/>
  <!-- $e: the entry's fields, written once per entry (a batch of thousands of transactions would
       otherwise look for Btch among its NtryDtls's thousands of children for each one). -->
  <xsl:value-of select="$kind"/><xsl:value-of select="$F"/>
  <xsl:value-of select="$e"/>
  <xsl:value-of select="normalize-space($d/c:AmtDtls/c:TxAmt/c:Amt | $d/c:Amt)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:CdtDbtInd)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:Refs/c:EndToEndId)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:Refs/c:MndtId)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:Refs/c:AcctSvcrRef)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:Refs/c:PmtInfId)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RltdPties/c:Dbtr/c:Nm | $d/c:RltdPties/c:Dbtr/c:Pty/c:Nm)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RltdPties/c:DbtrAcct/c:Id/c:IBAN)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RltdPties/c:Cdtr/c:Nm | $d/c:RltdPties/c:Cdtr/c:Pty/c:Nm)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RltdPties/c:CdtrAcct/c:Id/c:IBAN)"/><xsl:value-of select="$F"/>
  <xsl:for-each select="$d/c:RmtInf/c:Ustrd"><xsl:value-of select="normalize-space(.)"/><xsl:text> </xsl:text></xsl:for-each><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref)"/><xsl:value-of select="$F"/>
  <xsl:value-of select="normalize-space($d/c:RtrInf/c:Rsn/c:Cd)"/>
  <xsl:text>&#10;</xsl:text>
</xsl:template>
</xsl:stylesheet>